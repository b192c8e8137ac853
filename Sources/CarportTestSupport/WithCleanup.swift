/// Runs `body`, then `cleanup`, after a success and after a thrown error alike: `defer` cannot
/// `await`, and `defer { Task { … } }` lets the test end before the cleanup has run.
public func withCleanup<Result>(
    isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws -> Result,
    cleanup: () async -> Void
) async throws -> Result {
    let result: Result
    do {
        result = try await body()
    } catch {
        await cleanup()
        throw error
    }
    await cleanup()
    return result
}
