import Logging

/// Long-running commands log with swift-log to standard error at a chosen level.
enum StandardErrorLogging {
    static func bootstrap(_ level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = level
            return h
        }
    }
}
