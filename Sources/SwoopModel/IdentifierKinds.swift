// The id vocabulary: one phantom kind per record, and the alias everyone uses.
// Kept together on purpose: each kind is a single line and they are read as a list.

public enum EntityKindTag: IdentifierKind { public static let name = "entity" }
public enum ProjectKindTag: IdentifierKind { public static let name = "project" }
public enum UserKindTag: IdentifierKind { public static let name = "user" }
public enum APIKeyKindTag: IdentifierKind { public static let name = "api key" }
public enum JobKindTag: IdentifierKind { public static let name = "job" }
public enum QueueKindTag: IdentifierKind { public static let name = "queue" }
public enum QueueItemKindTag: IdentifierKind { public static let name = "queue item" }
public enum RunKindTag: IdentifierKind { public static let name = "run" }
public enum SweepKindTag: IdentifierKind { public static let name = "sweep" }
public enum AgentKindTag: IdentifierKind { public static let name = "agent" }

public typealias EntityID = Identifier<EntityKindTag>
public typealias ProjectID = Identifier<ProjectKindTag>
public typealias UserID = Identifier<UserKindTag>
public typealias APIKeyID = Identifier<APIKeyKindTag>
public typealias JobID = Identifier<JobKindTag>
public typealias QueueID = Identifier<QueueKindTag>
public typealias QueueItemID = Identifier<QueueItemKindTag>
public typealias RunID = Identifier<RunKindTag>
public typealias SweepID = Identifier<SweepKindTag>
public typealias AgentID = Identifier<AgentKindTag>
