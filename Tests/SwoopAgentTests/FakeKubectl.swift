import Foundation
import SwoopModel

/// A stand-in for `kubectl` that answers from recorded output, for the one thing no real thing can
/// run here: a cluster. Each `get <kind>` returns the next recorded workload state (the last one
/// repeats), `get pods` the pods of the same step, `logs` the recorded log, `apply` and `delete` are
/// noted; a deleted workload is then NotFound. Every call is written to `calls.jsonl`.
struct FakeKubectl {
    let dir: URL

    static let script = #"""
        import json, os, sys
        d = sys.argv[1]
        args = sys.argv[2:]
        with open(os.path.join(d, "calls.jsonl"), "a") as f:
            f.write(json.dumps(args) + "\n")
        def load(name, default=None):
            p = os.path.join(d, name)
            return json.load(open(p)) if os.path.exists(p) else default
        def step():
            p = os.path.join(d, "step")
            return int(open(p).read()) if os.path.exists(p) else 0
        cmd = args[0]
        if cmd == "apply":
            if os.path.exists(os.path.join(d, "apply-error")):
                sys.stderr.write(open(os.path.join(d, "apply-error")).read())
                sys.exit(1)
            doc = json.load(open(args[2]))
            json.dump(doc, open(os.path.join(d, "applied.json"), "w"))
            for item in doc["items"]:
                print(item["kind"].lower() + "/" + item["metadata"]["name"] + " created")
        elif cmd == "get" and args[1] == "pods":
            pods = load("pods.json", [])
            print(json.dumps({"apiVersion": "v1", "kind": "List", "items": pods[min(max(step() - 1, 0), len(pods) - 1)] if pods else []}))
        elif cmd == "get":
            if os.path.exists(os.path.join(d, "deleted")):
                sys.stderr.write('Error from server (NotFound): jobs.batch "%s" not found\n' % args[2])
                sys.exit(1)
            states = load("states.json")
            n = step()
            open(os.path.join(d, "step"), "w").write(str(n + 1))
            print(json.dumps(states[min(n, len(states) - 1)]))
        elif cmd == "logs":
            sys.stdout.write(open(os.path.join(d, "logs.txt")).read() if os.path.exists(os.path.join(d, "logs.txt")) else "")
        elif cmd == "delete":
            if args[1] != "secret":
                open(os.path.join(d, "deleted"), "w").close()
            print("deleted")
        else:
            sys.stderr.write("fake kubectl: unexpected call %r\n" % args)
            sys.exit(2)
        """#

    init(states: [JSONValue], pods: [[JSONValue]] = [], logs: String = "", applyError: String? = nil) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-kubectl-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(Self.script.utf8).write(to: dir.appendingPathComponent("kubectl.py"))
        try Data(JSONText.render(.array(states)).utf8).write(to: dir.appendingPathComponent("states.json"))
        try Data(JSONText.render(.array(pods.map { .array($0) })).utf8).write(to: dir.appendingPathComponent("pods.json"))
        try Data(logs.utf8).write(to: dir.appendingPathComponent("logs.txt"))
        if let applyError { try Data(applyError.utf8).write(to: dir.appendingPathComponent("apply-error")) }
    }

    var command: [String] { ["python3", dir.appendingPathComponent("kubectl.py").path, dir.path] }

    /// Every call's arguments, in order.
    func calls() throws -> [[String]] {
        let text = (try? String(contentsOf: dir.appendingPathComponent("calls.jsonl"), encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { line in
            try JSONText.parse(String(line)).arrayValue?.compactMap(\.stringValue) ?? []
        }
    }

    func applied() throws -> JSONValue { try JSONText.parse(String(contentsOf: dir.appendingPathComponent("applied.json"), encoding: .utf8)) }

    func remove() { try? FileManager.default.removeItem(at: dir) }
}
