// The id vocabulary: one phantom kind per record, and the alias everyone uses.
// Kept together on purpose: each kind is a single line and they are read as a list.

/// Marks ids of entity records.
public enum EntityKindTag: IdentifierKind { public static let name = "entity" }
/// Marks ids of project records.
public enum ProjectKindTag: IdentifierKind { public static let name = "project" }
/// Marks ids of user records.
public enum UserKindTag: IdentifierKind { public static let name = "user" }
/// Marks ids of API key records.
public enum APIKeyKindTag: IdentifierKind { public static let name = "api key" }
/// Marks ids of job records.
public enum JobKindTag: IdentifierKind { public static let name = "job" }
/// Marks ids of queue records.
public enum QueueKindTag: IdentifierKind { public static let name = "queue" }
/// Marks ids of queue item records.
public enum QueueItemKindTag: IdentifierKind { public static let name = "queue item" }
/// Marks ids of run records.
public enum RunKindTag: IdentifierKind { public static let name = "run" }
/// Marks ids of sweep records.
public enum SweepKindTag: IdentifierKind { public static let name = "sweep" }
/// Marks ids of agent records.
public enum AgentKindTag: IdentifierKind { public static let name = "agent" }

/// The id of an entity record.
public typealias EntityID = Identifier<EntityKindTag>
/// The id of a project record.
public typealias ProjectID = Identifier<ProjectKindTag>
/// The id of a user record.
public typealias UserID = Identifier<UserKindTag>
/// The id of an API key record.
public typealias APIKeyID = Identifier<APIKeyKindTag>
/// The id of a job record.
public typealias JobID = Identifier<JobKindTag>
/// The id of a queue record.
public typealias QueueID = Identifier<QueueKindTag>
/// The id of a queue item record.
public typealias QueueItemID = Identifier<QueueItemKindTag>
/// The id of a run record.
public typealias RunID = Identifier<RunKindTag>
/// The id of a sweep record.
public typealias SweepID = Identifier<SweepKindTag>
/// The id of an agent record.
public typealias AgentID = Identifier<AgentKindTag>
