import Foundation
import SwoopModel
import Testing
@testable import SwoopAgent

/// The container command line, engine choice and exit-code reading: pure, no engine needed.
@Suite struct ContainerCommandLineTests {
    let podman = ContainerEngine(kind: .podman, command: ["podman"])
    let docker = ContainerEngine(kind: .docker, command: ["/usr/bin/docker"])

    func run(_ config: JSONValue = [:], image: String? = "localhost/train:1") -> PreparedRun {
        PreparedRun(
            runID: "r1", command: ["python", "train.py", "--lr=0.1"], environment: ["PATH": "/bin"],
            workingDirectory: URL(fileURLWithPath: "/w/runs/r1"), resourceConfig: config, image: image)
    }

    @Test func defaultLine() throws {
        let inv = try ContainerCommandLine.build(
            engine: podman, run: run(["args": ["--ulimit", "nofile=1024:1024"]]), variables: ["SWOOP_RUN_ID": "r1", "SWOOP_API_KEY": "k"])
        #expect(inv.arguments == [
            "podman", "run", "--rm", "--name", "swoop-r1", "--network=host",
            "-v", "/w/runs/r1:/swoop/run", "-v", "/w/runs/r1/swoop-config.json:/swoop/run/swoop-config.json:ro", "-w", "/swoop/run",
            "-e", "SWOOP_API_KEY", "-e", "SWOOP_RUN_ID", "--ulimit", "nofile=1024:1024", "localhost/train:1",
            "python", "train.py", "--lr=0.1",
        ])
        #expect(inv.environment == ["SWOOP_RUN_ID": "r1", "SWOOP_API_KEY": "k"], "values travel in the client's environment")
        #expect(!inv.arguments.contains { $0.contains("=k") }, "the token is never on the command line")
        #expect(inv.name == "swoop-r1" && inv.image == "localhost/train:1")
    }

    @Test func limitsNetworkPullAndEnv() throws {
        let config: JSONValue = [
            "image": "x:2", "network": "none", "name": "n", "memory": "512m", "cpus": 1.5, "pull": "never",
            "env": ["A": "1", "B": 2, "C": true, "SWOOP_RUN_ID": "not this"],
        ]
        let inv = try ContainerCommandLine.build(engine: docker, run: run(config), variables: ["SWOOP_RUN_ID": "r1"])
        #expect(Array(inv.arguments.prefix(12)) == [
            "/usr/bin/docker", "run", "--rm", "--name", "n", "--network=none", "--pull=never", "--memory", "512m", "--cpus", "1.5", "-v",
        ])
        #expect(inv.environment == ["A": "1", "B": "2", "C": "true", "SWOOP_RUN_ID": "r1"], "Swoop's own variables win")
        #expect(inv.arguments.contains("x:2") && !inv.arguments.contains("localhost/train:1"))
        let bytes = try ContainerCommandLine.build(engine: docker, run: run(["memory": 1_048_576, "cpus": "2"]), variables: [:])
        #expect(bytes.arguments.contains("1048576b") && bytes.arguments.contains("2"))
    }

    @Test func gpusPerEngine() throws {
        #expect(try ContainerCommandLine.gpuOptions("all", engine: .docker) == ["--gpus", "all"])
        #expect(try ContainerCommandLine.gpuOptions(2, engine: .docker) == ["--gpus", "2"])
        #expect(try ContainerCommandLine.gpuOptions("all", engine: .podman) == ["--device", "nvidia.com/gpu=all"])
        #expect(try ContainerCommandLine.gpuOptions(2, engine: .podman) == ["--device", "nvidia.com/gpu=0", "--device", "nvidia.com/gpu=1"])
        #expect(try ContainerCommandLine.gpuOptions("device=1,3", engine: .podman) == ["--device", "nvidia.com/gpu=1", "--device", "nvidia.com/gpu=3"])
    }

    @Test func badConfigurationsNameTheKey() {
        let cases: [(JSONValue, String?, String, String)] = [
            (["args": "--privileged"], "i", "args", "expected a list of strings, got a string"),
            (["args": ["ok", 3]], "i", "args[1]", "expected a string, got an integer"),
            ([:], nil, "image", "no image: set it in the queue's configuration, the launch spec or the job"),
            (["image": 7], "i", "image", "expected a non-empty string, got an integer"),
            (["network": "bridge"], "i", "network",
             "'bridge' is not allowed on this agent (allowed: host, none); set SWOOP_CONTAINER_NETWORKS on the agent to allow more"),
            (["memory": "lots"], "i", "memory", "expected a size such as 512m or 2g, or a number of bytes, got 'lots'"),
            (["memory": -5], "i", "memory", "expected a size such as 512m or 2g, or a number of bytes, got an integer"),
            (["cpus": 0], "i", "cpus", "expected a positive number, got an integer"),
            (["cpus": "many"], "i", "cpus", "expected a positive number, got 'many'"),
            (["gpus": "a b"], "i", "gpus", "expected all, a count, or device=LIST, got 'a b'"),
            (["pull": "sometimes"], "i", "pull", "expected one of missing, never, always, newer, got 'sometimes'"),
            (["env": ["X"]], "i", "env", "expected a mapping of names to values, got a list"),
            (["env": ["X": ["y"]]], "i", "env.X", "expected a string, number or boolean, got a list"),
            (["env": ["A=B": "c"]], "i", "env.A=B", "not a variable name"),
            (["a", "b"], "i", "(top level)", "expected a mapping, got a list"),
        ]
        for (config, image, key, reason) in cases {
            #expect(throws: ContainerCommandLine.ConfigError(key: key, reason: reason), "\(config)") {
                try ContainerCommandLine.build(engine: podman, run: run(config, image: image), variables: [:])
            }
        }
        let wider = try? ContainerCommandLine.build(engine: podman, run: run(["network": "swoopnet"]), variables: [:], allowedNetworks: ["swoopnet"])
        #expect(wider?.arguments.contains("--network=swoopnet") == true, "an operator may allow a network of their own")
    }

    @Test func engineDetection() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-engines-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["podman", "docker"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(name), withIntermediateDirectories: true)
            let tool = dir.appendingPathComponent(name).appendingPathComponent(name)
            try Data("#!/bin/sh\nexit 1\n".utf8).write(to: tool)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
        }
        let both = "\(dir.path)/docker:\(dir.path)/podman"
        let onlyDocker = "\(dir.path)/docker"
        #expect(ContainerEngine.detect(environment: ["PATH": both], probe: { _ in true })?.command == ["\(dir.path)/podman/podman"], "podman first")
        #expect(ContainerEngine.detect(environment: ["PATH": onlyDocker], probe: { _ in false }) == nil, "a docker without a daemon is not used")
        #expect(ContainerEngine.detect(environment: ["PATH": onlyDocker], probe: { _ in true })?.kind == .docker)
        // The real probe against a client whose daemon cannot answer (the fake exits 1, like docker without dockerd).
        #expect(ContainerEngine.dockerAnswers(["\(dir.path)/docker/docker"]) == false)
        #expect(ContainerEngine.detect(environment: ["PATH": onlyDocker])  == nil)
        let chosen = ContainerEngine.detect(environment: ["SWOOP_CONTAINER_ENGINE": "/opt/podman --root '/srv/c s'", "PATH": onlyDocker])
        #expect(chosen == ContainerEngine(kind: .podman, command: ["/opt/podman", "--root", "/srv/c s"]))
        #expect(ContainerEngine.detect(environment: ["PATH": "/nonexistent"]) == nil)
        #expect(LocalContainerResource(engine: podman).visiblePath(ofRunFolder: URL(fileURLWithPath: "/w")) == "/swoop/run")
        let offered = LocalContainerResource.detect(environment: ["SWOOP_CONTAINER_ENGINE": "podman", "SWOOP_CONTAINER_NETWORKS": "a, b"])
        #expect(offered?.allowedNetworks == ["host", "none", "a", "b"])
    }

    @Test func exitCodesRead() {
        let i = LocalContainerResource.interpret
        #expect(i(.exited(0), nil, "img") == .exited(0))
        #expect(i(.exited(3), "Error: x", "img") == .exited(3))
        #expect(i(.exited(137), nil, "img") == .signaled(9), "the engine reports a signal as 128+N")
        #expect(i(.exited(125), "Error: img: image not known", "img")
                == .couldNotStart("the container engine could not run image 'img' (exit 125): Error: img: image not known"))
        #expect(i(.exited(127), nil, "img") == .exited(127), "a script's own 127 stays an exit code")
        #expect(i(.exited(127), "Error: runc: exec: \"x\": executable file not found", "img")
                == .couldNotStart("the container could not start its command in image 'img' (exit 127): Error: runc: exec: \"x\": executable file not found"))
        #expect(i(.signaled(15), nil, "img") == .signaled(15))
    }
}
