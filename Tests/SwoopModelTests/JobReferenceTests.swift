import Foundation
import Testing
@testable import SwoopModel

@Suite struct JobReferenceTests {
    @Test func readsEveryForm() throws {
        #expect(try JobReference(parsing: "train") == JobReference(name: "train"))
        #expect(try JobReference(parsing: "train:v3") == JobReference(name: "train", alias: "v3"))
        #expect(try JobReference(parsing: "vision/train:prod") == JobReference(project: "vision", name: "train", alias: "prod"))
        #expect(try JobReference(parsing: "acme/vision/train") == JobReference(entity: "acme", project: "vision", name: "train"))
        #expect(try JobReference(parsing: "acme/vision/train:latest").description == "acme/vision/train:latest")
    }

    @Test func refusesMalformedReferences() {
        for bad in ["", "a//b", "a/b/c/d", "train:", "/train", "acme/vision/"] {
            #expect(throws: JobReference.ParseError.self, "\(bad)") { try JobReference(parsing: bad) }
        }
    }

    @Test func contextFillsMissingParts() throws {
        let r = try JobReference(parsing: "train:v1").resolved(entity: "acme", project: "vision")
        #expect(r.description == "acme/vision/train:v1")
        let full = try JobReference(parsing: "other/p/train").resolved(entity: "acme", project: "vision")
        #expect(full.description == "other/p/train:latest")
    }

    @Test func codesAsItsText() throws {
        let data = try JSONEncoder().encode(["job": try JobReference(parsing: "vision/train:v2")])
        #expect(String(decoding: data, as: UTF8.self) == #"{"job":"vision\/train:v2"}"# || String(decoding: data, as: UTF8.self) == #"{"job":"vision/train:v2"}"#)
        let back = try JSONDecoder().decode([String: JobReference].self, from: data)
        #expect(back["job"] == JobReference(project: "vision", name: "train", alias: "v2"))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([String: JobReference].self, from: Data(#"{"job":"a/b/c/d"}"#.utf8)) }
    }
}
