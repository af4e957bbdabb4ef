/// The last error line a container engine printed (podman and docker start theirs with `Error:`).
actor EngineErrors {
    private(set) var last: String?
    func saw(_ line: String) {
        if line.hasPrefix("Error:") || line.hasPrefix("Error response from daemon:") || line.hasPrefix("docker: Error") { last = line }
    }
}
