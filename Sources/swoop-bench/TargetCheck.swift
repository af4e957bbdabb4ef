/// One target of the issue and whether the run met it.
struct TargetCheck: Codable, Sendable {
    var name: String
    var target: String
    var measured: String
    var met: Bool
}
