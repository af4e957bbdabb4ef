/// A benchmark that cannot go on (a server answered something it should not have).
enum BenchError: Error, CustomStringConvertible {
    case unexpected(String)

    var description: String {
        switch self { case .unexpected(let s): return s }
    }
}
