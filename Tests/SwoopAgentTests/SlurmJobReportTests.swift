import SwoopModel
import Testing
@testable import SwoopAgent

/// Parsing what squeue, scontrol and the jobcomp file say, and mapping Slurm's final states to run endings.
@Suite struct SlurmJobReportTests {
    @Test func squeueLines() {
        let reports = SlurmJobReport.parseSqueue("12|PENDING|Resources\n13|RUNNING|None\n\ngarbage\n14|CANCELLED by 0|None\n15|WEIRD|x\n")
        #expect(reports.map(\.jobID) == ["12", "13", "14", "15"])
        #expect(reports.map(\.state) == [.pending, .running, .cancelled, nil])
        #expect(reports[0].reason == "Resources")
        #expect(reports[3].stateText == "WEIRD")
    }

    @Test func scontrolOneLine() throws {
        let line = "JobId=5 JobName=wrap UserId=root(0) Priority=1 JobState=PREEMPTED Reason=None Dependency=(null) Requeue=1 "
            + "Restarts=0 BatchFlag=1 ExitCode=0:15 RunTime=00:00:02 TimeLimit=UNLIMITED"
        let r = try #require(SlurmJobReport.parseScontrol(line).first)
        #expect(r.jobID == "5" && r.state == .preempted && r.reason == "None")
        #expect(r.exitCode?.code == 0 && r.exitCode?.signal == 15)
        #expect(SlurmJobReport.parseScontrol("slurm_load_jobs error: Invalid job id specified").isEmpty)
    }

    @Test func jobcompLinesWithArraysAndRequeues() {
        let text = """
            JobId=2 UserId=root(0) GroupId=root(0) Name=wrap JobState=COMPLETED Partition=debug TimeLimit=UNLIMITED DerivedExitCode=0:0 ExitCode=0:0
            JobId=3 UserId=root(0) Name=wrap JobState=FAILED Partition=debug ExitCode=3:0
            JobId=9 Name=arr JobState=TIMEOUT ArrayJobId=8 ArrayTaskId=1 ExitCode=0:0
            JobId=3 UserId=root(0) Name=wrap JobState=COMPLETED Partition=debug ExitCode=0:0
            """
        let byID = SlurmJobReport.parseJobcomp(Substring(text))
        #expect(byID["2"]?.state == .completed)
        #expect(byID["3"]?.state == .completed, "a later line for a requeued job wins")
        #expect(byID["8_1"]?.state == .timeout && byID["9"] == nil)
    }

    @Test(arguments: [
        ("RUNNING", false, true), ("PENDING", false, false), ("CONFIGURING", false, true), ("COMPLETING", false, true),
        ("COMPLETED", true, true), ("CA", true, true), ("OOM", true, true), ("PD", false, false), ("R", false, true),
    ])
    func stateClasses(_ text: String, _ isFinal: Bool, _ hasStarted: Bool) throws {
        let s = try #require(SlurmJobState(slurm: text))
        #expect(s.isFinal == isFinal)
        #expect(s.hasStarted == hasStarted)
    }

    @Test func finalStatesMapToRunEndings() {
        func outcome(_ s: SlurmJobState?, exit: (Int32, Int32)? = nil, file: Int32? = nil) -> RunOutcome {
            SlurmJobState.outcome(state: s, jobID: "7", reason: "None", exitCode: exit.map { (code: $0.0, signal: $0.1) }, exitFile: file)
        }
        #expect(outcome(.completed, exit: (0, 0), file: 0) == .exited(0))
        #expect(outcome(.completed, exit: (0, 0)) == .exited(0))
        #expect(outcome(.failed, exit: (3, 0), file: 3) == .exited(3), "the script's own file is the authority")
        #expect(outcome(.failed, exit: (0, 9)) == .signaled(9))
        #expect(outcome(.failed, exit: (1, 0)) == .ended(.failed, exitCode: 1, message: "Slurm job 7 FAILED before the run's command reported an exit code"))
        #expect(outcome(.timeout) == .ended(.failed, exitCode: nil, message: "Slurm job 7 reached its time limit (TIMEOUT) and was killed"))
        #expect(outcome(.cancelled, exit: (0, 15)) == .ended(.stopped, exitCode: 143, message: "Slurm job 7 was cancelled (CANCELLED)"))
        #expect(outcome(.nodeFail) == .ended(.crashed, exitCode: nil, message: "Slurm job 7 ended because its node failed (NODE_FAIL)"))
        #expect(outcome(.outOfMemory) == .ended(.failed, exitCode: nil, message: "Slurm job 7 ran out of memory (OUT_OF_MEMORY)"))
        #expect(outcome(.preempted) == .ended(.preempted, exitCode: nil, message: "Slurm preempted job 7 (PREEMPTED); the run goes back to its queue"))
        #expect(outcome(nil, file: 0) == .exited(0), "gone from Slurm's memory, but the script wrote its code")
        guard case .ended(.crashed, nil, let m) = outcome(nil) else { Issue.record("a job with no trace left is crashed"); return }
        #expect(m.contains("is gone and left no final state"))
    }

    @Test func endedOutcomesReachTheRunAsGiven() {
        #expect(RunExecutor.finalState(.ended(.failed, exitCode: nil, message: "TIMEOUT"), stopRequested: false) == (.failed, nil, "TIMEOUT"))
        #expect(RunExecutor.finalState(.ended(.stopped, exitCode: 143, message: "cancelled"), stopRequested: true) == (.stopped, 143, "stopped on request"))
        #expect(RunExecutor.finalState(.ended(.crashed, exitCode: nil, message: "x"), stopRequested: true) == (.stopped, nil, "stopped on request"))
        #expect(RunExecutor.finalState(.ended(.preempted, exitCode: nil, message: "p"), stopRequested: false) == (.preempted, nil, "p"))
    }
}
