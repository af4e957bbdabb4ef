import Testing
@testable import SwoopScheduler
