/// A sweep the scheduler cannot run, with a message that names the key and what is expected.
public struct SchedulerError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// W&B's messages for a launch-sweep without, or with both, of `job` and `image_uri` (reference 5.2).
    public static let noJob = "No 'job' nor 'image_uri' top-level key found in sweep config, exactly one is required for a launch-sweep"
    public static let bothJobAndImage = "Sweep config has both 'job' and 'image_uri' but a launch-sweep can use only one"
}
