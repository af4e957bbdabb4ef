import Foundation
import Testing
@testable import SwoopWeb

/// Sessions sealed into cookies: only this secret opens them, tampering and old age are refused, and
/// CSRF tokens belong to one session.
@Suite("Web sessions")
struct SessionCodecTests {
    let codec = SessionCodec(secret: Array(repeating: 7, count: 32))
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a sealed session opens again with its key, and not under another secret")
    func roundTrip() throws {
        var s = WebSession.anonymous(now: now)
        s.apiKey = "swoop_" + String(repeating: "a", count: 64)
        let sealed = try codec.seal(s)
        #expect(!sealed.contains("swoop_"))
        #expect(codec.open(sealed, now: now) == s)
        #expect(SessionCodec(secret: Array(repeating: 8, count: 32)).open(sealed, now: now) == nil)
    }

    @Test("tampered, malformed and expired cookies are no session")
    func refusals() throws {
        let sealed = try codec.seal(.anonymous(now: now))
        var bytes = Array(sealed.utf8)
        bytes[bytes.count / 2] = bytes[bytes.count / 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(codec.open(String(decoding: bytes, as: UTF8.self), now: now) == nil)
        for junk in ["", "x", "%%%", String(repeating: "A", count: 5000)] { #expect(codec.open(junk, now: now) == nil) }
        #expect(codec.open(sealed, now: now.addingTimeInterval(Double(SessionCodec.lifetime) + 1)) == nil)
    }

    @Test("a CSRF token fits only its own session")
    func csrf() {
        let a = WebSession.anonymous(now: now), b = WebSession.anonymous(now: now)
        #expect(codec.verify(csrf: codec.csrfToken(for: a), for: a))
        #expect(!codec.verify(csrf: codec.csrfToken(for: a), for: b))
        #expect(!codec.verify(csrf: nil, for: a))
        #expect(!codec.verify(csrf: "", for: a))
    }

    @Test("only paths of this site are followed after signing in")
    func safeNext() {
        #expect(WebApp.safeNext("/sweeps/abc") == "/sweeps/abc")
        for bad in ["https://evil.example", "//evil.example", "/\\evil", "javascript:alert(1)"] { #expect(WebApp.safeNext(bad) == "/projects") }
    }
}
