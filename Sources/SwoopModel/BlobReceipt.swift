/// A stored code artifact: its content address (`sha256:<hex>`) and size in bytes.
public struct BlobReceipt: Sendable, Codable, Hashable {
    public var digest: String
    public var size: Int
    public init(digest: String, size: Int) {
        self.digest = digest; self.size = size
    }
}
