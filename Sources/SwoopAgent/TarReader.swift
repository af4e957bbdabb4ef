import Foundation

/// Lists the members of an uncompressed tar stream (ustar, GNU long names, pax headers) without
/// extracting anything, so an archive can be judged before `tar` touches the disk.
enum TarReader {
    static let blockSize = 512

    /// The archive's entries in order; throws `CodeArchiveError.malformed` for anything that is
    /// not a well-formed tar stream.
    static func entries(of tar: Data) throws -> [TarEntry] {
        let bytes = [UInt8](tar)
        var entries: [TarEntry] = []
        var offset = 0
        var longName: String?
        var longLink: String?
        var paxPath: String?
        var paxLink: String?
        while offset + blockSize <= bytes.count {
            let header = bytes[offset..<offset + blockSize]
            if header.allSatisfy({ $0 == 0 }) { return entries }
            guard checksumMatches(header) else {
                throw CodeArchiveError.malformed("bad tar header checksum at byte \(offset)")
            }
            let size = try number(header, 124, 12, at: offset)
            let dataStart = offset + blockSize
            guard size <= bytes.count - dataStart else {
                throw CodeArchiveError.malformed("tar entry at byte \(offset) is truncated")
            }
            let data = bytes[dataStart..<dataStart + size]
            let flag = header[header.startIndex + 156]
            offset = dataStart + (size + blockSize - 1) / blockSize * blockSize
            switch flag {
            case UInt8(ascii: "L"): longName = cString(data)
            case UInt8(ascii: "K"): longLink = cString(data)
            case UInt8(ascii: "x"):
                let fields = try paxFields(data)
                paxPath = fields["path"] ?? paxPath
                paxLink = fields["linkpath"] ?? paxLink
            case UInt8(ascii: "g"):
                _ = try paxFields(data)
            default:
                let name = paxPath ?? longName ?? headerName(header)
                let link = paxLink ?? longLink ?? cString(header, 157, 100)
                entries.append(TarEntry(name: name, kind: kind(flag), linkTarget: link))
                longName = nil
                longLink = nil
                paxPath = nil
                paxLink = nil
            }
        }
        throw CodeArchiveError.malformed("tar stream ends without its end-of-archive marker")
    }

    private static func kind(_ flag: UInt8) -> TarEntry.Kind {
        switch flag {
        case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): .file
        case UInt8(ascii: "5"): .directory
        case UInt8(ascii: "2"): .symbolicLink
        case UInt8(ascii: "1"): .hardLink
        default: .other(flag)
        }
    }

    private static func headerName(_ header: ArraySlice<UInt8>) -> String {
        let name = cString(header, 0, 100)
        let magic = Array(header[header.startIndex + 257..<header.startIndex + 263])
        // Only POSIX ustar ("ustar\0") has a prefix field; GNU's "ustar  " keeps times there.
        guard magic == Array("ustar".utf8) + [0] else { return name }
        let prefix = cString(header, 345, 155)
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    private static func cString(_ bytes: ArraySlice<UInt8>, _ start: Int = 0, _ length: Int? = nil) -> String {
        let from = bytes.startIndex + start
        let to = length.map { min(from + $0, bytes.endIndex) } ?? bytes.endIndex
        let field = bytes[from..<to]
        let end = field.firstIndex(of: 0) ?? field.endIndex
        return String(decoding: field[from..<end], as: UTF8.self)
    }

    private static func number(_ header: ArraySlice<UInt8>, _ start: Int, _ length: Int, at offset: Int) throws -> Int {
        let field = header[header.startIndex + start..<header.startIndex + start + length]
        if let first = field.first, first & 0x80 != 0 {
            // GNU base-256: big-endian binary after the marker bit.
            var value = Int(first & 0x7f)
            for b in field.dropFirst() {
                guard value < Int.max >> 9 else { throw CodeArchiveError.malformed("tar entry at byte \(offset) is too large") }
                value = value << 8 | Int(b)
            }
            return value
        }
        let text = String(decoding: field, as: UTF8.self)
            .trimmingCharacters(in: CharacterSet(charactersIn: " \0"))
        if text.isEmpty { return 0 }
        guard let value = Int(text, radix: 8) else {
            throw CodeArchiveError.malformed("tar header at byte \(offset) has a non-octal number \(text.debugDescription)")
        }
        return value
    }

    private static func checksumMatches(_ header: ArraySlice<UInt8>) -> Bool {
        let base = header.startIndex
        var sum = 0
        for (i, b) in header.enumerated() {
            sum += (148..<156).contains(i) ? 32 : Int(b)
        }
        let stored = String(decoding: header[base + 148..<base + 156], as: UTF8.self)
            .trimmingCharacters(in: CharacterSet(charactersIn: " \0"))
        return Int(stored, radix: 8) == sum
    }

    /// pax records are "LEN key=value\n" where LEN counts the whole record.
    private static func paxFields(_ data: ArraySlice<UInt8>) throws -> [String: String] {
        var fields: [String: String] = [:]
        var index = data.startIndex
        while index < data.endIndex, data[index] != 0 {
            guard let space = data[index...].firstIndex(of: UInt8(ascii: " ")),
                  let length = Int(String(decoding: data[index..<space], as: UTF8.self)),
                  length > 0, index + length <= data.endIndex,
                  data[index + length - 1] == UInt8(ascii: "\n")
            else { throw CodeArchiveError.malformed("bad pax extended header record") }
            let record = String(decoding: data[(space + 1)..<(index + length - 1)], as: UTF8.self)
            if let eq = record.firstIndex(of: "=") {
                fields[String(record[..<eq])] = String(record[record.index(after: eq)...])
            }
            index += length
        }
        return fields
    }
}
