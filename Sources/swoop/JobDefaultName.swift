import Foundation

/// The name `swoop launch --uri` gives the job it makes when `--job-name` is not given, after W&B's
/// `job-<git-remote-url>-<path-to-script>` (and `job-<folder>-<script>` for a folder): every character
/// a job name may not hold becomes `_`, and the name is cut to 128 characters.
enum JobDefaultName {
    static func make(uri: String, entryPoint: [String], isFolder: Bool) -> String {
        var source = uri
        if isFolder {
            source = URL(fileURLWithPath: uri).standardizedFileURL.lastPathComponent
        } else {
            if let scheme = source.range(of: "://") { source = String(source[scheme.upperBound...]) }
            if let at = source.firstIndex(of: "@"), !source[..<at].contains("/") { source = String(source[source.index(after: at)...]) }
            while source.hasSuffix("/") { source.removeLast() }
        }
        let name = "job-" + sanitized(source) + (script(entryPoint).map { "-" + sanitized($0) } ?? "")
        return String(name.prefix(128))
    }

    /// The script the entry point runs: its first argument with a file extension (`train.py` in
    /// `python -u train.py --lr 1`), else the program itself.
    static func script(_ entryPoint: [String]) -> String? {
        let candidates = entryPoint.dropFirst().filter { !$0.hasPrefix("-") }
        if let file = candidates.first(where: { ($0.split(separator: "/").last ?? "").contains(".") }) { return file }
        return entryPoint.first.map { String($0.split(separator: "/").last ?? Substring($0)) }
    }

    static func sanitized(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
    }
}
