import SwoopModel
import Testing
@testable import SwoopAgent

/// Reading a queue's Slurm configuration: every key, and bad values named with what was expected.
@Suite struct SlurmJobOptionsTests {
    @Test func everyKeyIsRead() throws {
        let o = try SlurmJobOptions(config: [
            "partition": "gpu", "time": "1-02:03:04", "cpus-per-task": 4, "mem": "16g", "gres": "gpu:a100:2", "gpus": "a100:2",
            "account": "lab", "qos": "high", "job_name": "sweep-x", "output": "out-%j.txt", "error": "/logs/%x-%j.err",
            "sbatch_args": ["--exclusive", "--constraint=v100"],
        ])
        #expect(o.partition == "gpu")
        #expect(o.time == "1-02:03:04")
        #expect(o.cpusPerTask == 4)
        #expect(o.mem == "16G")
        #expect(o.gres == "gpu:a100:2")
        #expect(o.gpus == "a100:2")
        #expect(o.account == "lab" && o.qos == "high" && o.jobName == "sweep-x")
        #expect(o.output == "out-%j.txt" && o.error == "/logs/%x-%j.err")
        #expect(o.extraArgs == ["--exclusive", "--constraint=v100"])
    }

    @Test func numbersAndNullsAndEmpty() throws {
        let o = try SlurmJobOptions(config: ["time": 30, "mem": 2048, "gpus": 1, "cpus_per_task": "2", "qos": nil])
        #expect(o.time == "30" && o.mem == "2048M" && o.gpus == "1" && o.cpusPerTask == 2 && o.qos == nil)
        #expect(try SlurmJobOptions(config: [:]) == SlurmJobOptions())
    }

    @Test(arguments: ["5", "05:30", "1:00:00", "2-12", "2-12:30", "2-12:30:15", "UNLIMITED", "infinite"])
    func timeFormatsSlurmAccepts(_ time: String) {
        #expect(SlurmJobOptions.isTimeLimit(time))
    }

    @Test(arguments: ["", "1h", "1:2:3:4", "-5", "1-", "ten", "1.5"])
    func timeFormatsSlurmRefuses(_ time: String) {
        #expect(!SlurmJobOptions.isTimeLimit(time))
    }

    @Test(arguments: [
        (JSONValue.object(["cpus": 4]), "'cpus': unknown key; expected one of partition, time"),
        (["time": "1h"], "'time': expected minutes (a positive integer) or a Slurm time limit"),
        (["time": 0], "'time': expected minutes"),
        (["time": true], "got a boolean"),
        (["cpus_per_task": "many"], "'cpus_per_task': expected a positive integer, got 'many'"),
        (["cpus_per_task": 0], "'cpus_per_task': expected a positive integer, got 0"),
        (["mem": "lots"], "'mem': expected megabytes (an integer) or a size such as 512M, 4G, got 'lots'"),
        (["gpus": "two"], "'gpus': expected a count or TYPE:COUNT"),
        (["partition": 3], "'partition': expected a string, got an integer"),
        (["partition": "a\nb"], "'partition': expected a non-empty one-line string"),
        (["output": "out-%A.txt"], "'output': the pattern %A is not supported"),
        (["sbatch_args": "--exclusive"], "'sbatch_args': expected a list of sbatch options, got a string"),
        (["sbatch_args": ["--ok", "exclusive"]], "'sbatch_args[1]': expected one sbatch option starting with '-'"),
        ("not a mapping", "'(configuration)': expected a mapping of sbatch options, got a string"),
    ] as [(JSONValue, String)])
    func badValuesAreNamed(_ config: JSONValue, _ expected: String) {
        #expect {
            _ = try SlurmJobOptions(config: config)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("slurm resource configuration '") && text.contains(expected)
        }
    }
}
