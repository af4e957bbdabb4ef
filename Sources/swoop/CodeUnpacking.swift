import Foundation
import SwoopAgent

/// How the agent unpacks code artifacts (the tar.gz of a code job's folder).
enum CodeUnpacking {
    static let unpack: CodeCache.Unpack = { _, _ in
        throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "code artifacts cannot be unpacked yet (CodeArchive is not merged)"])
    }
}
