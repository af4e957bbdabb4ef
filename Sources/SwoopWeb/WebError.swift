/// A refusal shown to the browser as an error page with this status.
struct WebError: Error, Sendable {
    var status: Int
    var message: String

    init(_ status: Int, _ message: String) {
        self.status = status; self.message = message
    }
}
