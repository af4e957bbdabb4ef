import Foundation
import SwoopModel
import SwoopReports

/// Small helpers for server-rendered pages: escaping, the layout every page shares, and common bits.
enum HTML {
    /// The same escaping as SwoopReports' fragments, so pages and fragments agree on what user text becomes.
    static func escape(_ s: String) -> String { Escape.xml(s) }

    /// The whole document: header with navigation and (when signed in) the sign-out button.
    static func page(title: String, caller: WebCaller?, body: String) -> String {
        var nav = "<a class=\"brand\" href=\"/\">Swoop</a>"
        if let caller {
            nav += " <a href=\"/projects\">Projects</a>"
            if caller.canSignOut {
                nav += " <form class=\"inline\" method=\"post\" action=\"/sign-out\">\(csrfField(caller))<button type=\"submit\" class=\"link\">Sign out</button></form>"
            }
            nav += " <span class=\"who\">\(escape(caller.displayName))</span>"
        }
        let csrf = caller.map { "<meta name=\"csrf\" content=\"\(escape($0.csrf))\">" } ?? ""
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            \(csrf)<title>\(escape(title)) · Swoop</title><link rel="stylesheet" href="/assets/app.css"></head>
            <body><header>\(nav)</header><main>
            \(body)
            </main><script src="/assets/app.js"></script></body></html>
            """
    }

    static func csrfField(_ caller: WebCaller) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(caller.csrf))\">"
    }

    /// A small CSRF-protected form with one button (state changes).
    static func button(_ label: String, action: String, caller: WebCaller, fields: [String: String] = [:], cls: String = "") -> String {
        let hidden = fields.sorted { $0.key < $1.key }.map { "<input type=\"hidden\" name=\"\(escape($0.key))\" value=\"\(escape($0.value))\">" }.joined()
        return "<form class=\"inline\" method=\"post\" action=\"\(escape(action))\">\(csrfField(caller))\(hidden)<button type=\"submit\" class=\"\(cls)\">\(escape(label))</button></form>"
    }

    static func table(_ headers: [String], _ rows: [[String]], attributes: String = "") -> String {
        let head = headers.map { "<th>\(escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        return "<table \(attributes)><thead><tr>\(head)</tr></thead><tbody>\n\(body)\n</tbody></table>"
    }

    static func state(_ s: String) -> String { "<span class=\"state state-\(escape(s))\">\(escape(s))</span>" }

    /// "3 min ago", "2 h ago", "5 d ago".
    static func age(_ date: Date, now: Date) -> String {
        let s = max(0, Int(now.timeIntervalSince(date)))
        switch s {
        case ..<60: return "\(s) s ago"
        case ..<3600: return "\(s / 60) min ago"
        case ..<86400: return "\(s / 3600) h ago"
        default: return "\(s / 86400) d ago"
        }
    }

    static func time(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return "<time datetime=\"\(f.string(from: date))\">\(f.string(from: date))</time>"
    }

    static func number(_ v: Double) -> String {
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "inf" : "-inf") }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(format: "%.6g", v)
    }

    static func json(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return escape(s)
        case .int(let i): return String(i)
        case .double(let d): return number(d)
        default: return escape(JSONText.render(v))
        }
    }

    static func link(_ text: String, _ href: String) -> String { "<a href=\"\(escape(href))\">\(escape(text))</a>" }
}
