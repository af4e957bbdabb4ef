extension SearchContext {
    /// The trial numbered `number`; trials are normally stored at their number, so that is tried first.
    func trial(numbered number: Int) -> Trial? {
        if number >= 0, number < trials.count, trials[number].number == number { return trials[number] }
        return trials.first { $0.number == number }
    }

    /// Trials in Optuna's `COMPLETE` state: finished with a finite value.
    var completedTrials: [Trial] { trials.filter { $0.state == .finished } }
}
