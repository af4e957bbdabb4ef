import Testing
@testable import SwoopAgent
