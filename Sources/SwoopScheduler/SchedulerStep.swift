/// What the loop does next, as `SchedulerCore.next` decides it.
public enum SchedulerStep: Sendable, Hashable {
    /// Create this trial's run and enqueue it (its intent is already in the book: save first).
    case launch(TrialRecord)
    /// Nothing to do until a run or the sweep changes.
    case idle
    /// Every run ended and no new one will start: the sweep is finished.
    case finish(reason: String)
    /// The sweep cannot go on (the message says why).
    case fail(message: String)
    /// The sweep ended by someone else's hand (or was stopped and its runs ended): leave.
    case exit(reason: String)
}
