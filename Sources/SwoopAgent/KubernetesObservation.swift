import SwoopModel

/// What a run's Kubernetes workload is doing, read from `kubectl get -o json` of it and of its pods (pure).
public enum KubernetesObservation: Sendable, Hashable {
    /// Not running yet; the note says why when a pod says so (image pull errors, unschedulable).
    case pending(String?)
    case running
    case succeeded
    /// Failed: the first failed container's exit code (1 when none is known) and what Kubernetes said.
    case failed(exitCode: Int32, message: String)

    /// Reads a Job's conditions (Complete, Failed with its reason, e.g. DeadlineExceeded or
    /// BackoffLimitExceeded) and counts; any other kind's `status.phase` or conditions; then the pods.
    public static func read(workload: JSONValue, pods: JSONValue?) -> KubernetesObservation {
        let status = workload["status"]
        let podItems = pods?["items"]?.arrayValue ?? []
        for condition in status?["conditions"]?.arrayValue ?? [] where condition["status"]?.stringValue == "True" {
            switch condition["type"]?.stringValue {
            case "Complete", "Succeeded", "SuccessCriteriaMet": return .succeeded
            case "Failed", "FailureTarget":
                let reason = condition["reason"]?.stringValue ?? "Failed"
                let message = condition["message"]?.stringValue.map { "\(reason): \($0)" } ?? reason
                return .failed(exitCode: failedExitCode(podItems) ?? 1, message: message)
            default: continue
            }
        }
        switch status?["phase"]?.stringValue {
        case "Succeeded", "Completed": return .succeeded
        case "Failed": return .failed(exitCode: failedExitCode(podItems) ?? 1, message: "phase Failed")
        default: break
        }
        let succeeded = status?["succeeded"]?.number ?? 0
        let failed = status?["failed"]?.number ?? 0
        let active = status?["active"]?.number ?? 0
        if succeeded > 0, active == 0 { return .succeeded }
        if failed > 0, active == 0, failed > (workload["spec"]?["backoffLimit"]?.number ?? 6) {
            return .failed(exitCode: failedExitCode(podItems) ?? 1, message: "BackoffLimitExceeded")
        }
        let phases = podItems.compactMap { $0["status"]?["phase"]?.stringValue }
        if phases.contains("Running") { return .running }
        if workload["kind"]?.stringValue != "Job", !phases.isEmpty {
            if phases.contains("Failed") { return .failed(exitCode: failedExitCode(podItems) ?? 1, message: "a pod failed") }
            if phases.allSatisfy({ $0 == "Succeeded" }) { return .succeeded }
        }
        return .pending(waitingNote(podItems))
    }

    /// The exit code of the first container that ended with a non-zero code.
    static func failedExitCode(_ pods: [JSONValue]) -> Int32? {
        for pod in pods {
            for c in pod["status"]?["containerStatuses"]?.arrayValue ?? [] {
                if let code = c["state"]?["terminated"]?["exitCode"]?.number, code != 0 { return Int32(code) }
            }
        }
        return nil
    }

    /// Why a pod is not running: a waiting container's reason, or the scheduler's complaint.
    static func waitingNote(_ pods: [JSONValue]) -> String? {
        for pod in pods {
            for c in pod["status"]?["containerStatuses"]?.arrayValue ?? [] {
                if let waiting = c["state"]?["waiting"], let reason = waiting["reason"]?.stringValue, reason != "ContainerCreating" {
                    return waiting["message"]?.stringValue.map { "\(reason): \($0)" } ?? reason
                }
            }
            for cond in pod["status"]?["conditions"]?.arrayValue ?? []
            where cond["type"]?.stringValue == "PodScheduled" && cond["status"]?.stringValue == "False" {
                let reason = cond["reason"]?.stringValue ?? "Unschedulable"
                return cond["message"]?.stringValue.map { "\(reason): \($0)" } ?? reason
            }
        }
        return nil
    }
}
