import Foundation
import Testing
@testable import SwoopModel

/// FIPS 180-4 / NIST example vectors, and agreement between one-shot and chunked hashing.
@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func chunkedEqualsOneShot() {
        let data = Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        for split in [0, 1, 55, 56, 63, 64, 65, 128, 999] {
            var h = SHA256()
            h.update(data.prefix(split))
            h.update(data.dropFirst(split))
            #expect(SHA256.hexString(h.finalize()) == SHA256.hex(data), "split at \(split)")
            var g = SHA256()
            g.update(Array(data.prefix(split)))
            g.update(Array(data.dropFirst(split)))
            #expect(SHA256.hexString(g.finalize()) == SHA256.hex(data), "byte sequence split at \(split)")
        }
    }
}
