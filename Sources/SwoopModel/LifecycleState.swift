/// A record state with a fixed transition table; the store checks every change against it.
public protocol LifecycleState: Sendable, Hashable, CaseIterable, RawRepresentable where RawValue == String {
    /// Names the state machine in errors ("illegal run transition finished -> running").
    static var machineName: String { get }
    /// Whether the table allows `self -> next`; a state never transitions to itself.
    func canTransition(to next: Self) -> Bool
    /// No transition leaves a terminal state except an explicit resume (sweeps) or requeue (preempted runs).
    var isTerminal: Bool { get }
}
