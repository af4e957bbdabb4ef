import SwoopConfig
import SwoopModel
import SwoopScheduler
import Testing

/// launch-sweep's decisions (reference 5.2, facts 49–50) and the run spec (5.3).
@Suite("launch-sweep rules")
struct LaunchSweepRulesTests {
    @Test func queueComesFromTheFlagThenTheLaunchBlock() {
        #expect(LaunchSweepRules.queue(flag: "a", launch: ["queue": "b"]) == "a")
        #expect(LaunchSweepRules.queue(flag: nil, launch: ["queue": "b"]) == "b")
        #expect(LaunchSweepRules.queue(flag: nil, launch: nil, storedLaunch: ["queue": "c"]) == "c")
        #expect(LaunchSweepRules.queue(flag: nil, launch: nil) == nil)
    }

    @Test func exactlyOneOfJobAndImage() throws {
        let none = try CoreFixture.config("method: random\nparameters: {a: {min: 0.0, max: 1.0}}\n")
        #expect(throws: SchedulerError(SchedulerError.noJob)) { try LaunchSweepRules.checkExecutable(none) }
        let both = try CoreFixture.config("method: random\nparameters: {a: {min: 0.0, max: 1.0}}\njob: e/p/j:latest\nimage_uri: img\n")
        #expect(throws: SchedulerError(SchedulerError.bothJobAndImage)) { try LaunchSweepRules.checkExecutable(both) }
        let noProgram = try CoreFixture.config("method: random\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: img\ncommand: [\"${program}\"]\n")
        #expect(throws: SchedulerError(RunSpecBuilder.missingProgram)) { try LaunchSweepRules.checkExecutable(noProgram) }
    }

    /// Fact 50: critical 0, high 1, medium 2, low 3; the default is medium.
    @Test func priorityAsW_BWritesIt() throws {
        #expect([0, 1, 2, 3].map { SweepPlan.priority(.int($0)) } == [.critical, .high, .medium, .low])
        #expect(SweepPlan.priority("low") == .low && SweepPlan.priority(.int(7)) == nil)
        let c = try CoreFixture.config("method: random\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\nlaunch: {priority: critical}\n")
        #expect(SweepPlan(config: c, settings: LifeSettings()).priority == .critical)
        #expect(SweepPlan(config: c, settings: LifeSettings(launch: ["priority": 3])).priority == .low)
    }

    @Test func resumeFreezesParametersMethodAndJob() {
        let stored: JSONValue = ["method": "grid", "parameters": ["a": ["values": [1]]], "image_uri": "i", "run_cap": 3,
                                 "scheduler": ["num_workers": 1]]
        var same = stored
        if case .object(var o) = same { o["scheduler"] = ["num_workers": 4]; same = .object(o) }
        let unchanged = LaunchSweepRules.resumeDifferences(stored: stored, provided: same)
        #expect(unchanged.frozen.isEmpty && !unchanged.ignored)
        let otherMethod: JSONValue = ["method": "random", "parameters": ["a": ["values": [1]]], "image_uri": "i", "run_cap": 3]
        #expect(LaunchSweepRules.resumeDifferences(stored: stored, provided: otherMethod).frozen == ["method"])
        let otherCap: JSONValue = ["method": "grid", "parameters": ["a": ["values": [1]]], "image_uri": "i", "run_cap": 9]
        let cap = LaunchSweepRules.resumeDifferences(stored: stored, provided: otherCap)
        #expect(cap.frozen.isEmpty && cap.ignored)
        let otherScheduler: JSONValue = ["method": "grid", "parameters": ["a": ["values": [1]]], "image_uri": "i", "run_cap": 3,
                                         "scheduler": ["job": "e/p/opt:latest"]]
        #expect(LaunchSweepRules.resumeDifferences(stored: stored, provided: otherScheduler).frozen == ["scheduler.job"])
    }

    @Test func resumedBlocksTakeTheNewValues() {
        #expect(LaunchSweepRules.merged(old: ["num_workers": 1, "settings": ["a": 1]], new: ["num_workers": 4])
                == ["num_workers": 4, "settings": ["a": 1]])
        #expect(LaunchSweepRules.merged(old: ["num_workers": 1], new: nil) == ["num_workers": 1])
    }

    @Test func schedulerSpecNamesNoJobForTheBuiltInScheduler() throws {
        let spec = LaunchSweepRules.schedulerSpec(sweep: SweepID("s1"), entity: "e", project: "p", queue: "q", scheduler: ["num_workers": 2],
                                                  launch: ["priority": 1], job: nil, author: "me")
        #expect(spec.kind == .scheduler && spec.job == nil && spec.jobID == nil && spec.sweepID == SweepID("s1"))
        #expect(spec.overrides.runConfig["sweep_args"]?["sweep_id"] == "s1")
        #expect(spec.overrides.runConfig["scheduler"] == ["num_workers": 2])
        let json = try spec.json
        #expect(try LaunchSpec(json: json) == spec)
    }

    @Test func stateWithSettingsKeepsTheRestOfTheState() throws {
        let state: JSONValue = ["format": 1, "custom": true, "settings": ["priorRuns": ["x"]]]
        let updated = try LaunchSweepRules.stateWithSettings(state, LifeSettings(priorRuns: ["x", "y"]))
        #expect(updated["custom"] == true)
        #expect(LaunchSweepRules.settings(in: updated).priorRuns == ["x", "y"])
    }

    @Test func entryPointKeepsEveryMacroButProgram() throws {
        #expect(try RunSpecBuilder.entryPoint(command: ["${env}", "python", "${program}", "--x=${lr}", "${args_json}"], program: "t.py")
                == ["${env}", "python", "t.py", "--x=${lr}", "${args_json}"])
        #expect(try RunSpecBuilder.entryPoint(command: nil, program: "t.py") == nil)
    }
}
