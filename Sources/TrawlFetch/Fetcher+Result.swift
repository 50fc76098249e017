extension Fetcher {
    /// Runs one transfer and returns its outcome as a value instead of throwing, for callers
    /// (the crawl pipeline, robots.txt fetches) that record failures rather than propagate them.
    public func result(for request: FetchRequest) async -> Result<FetchResponse, FetchError> {
        do {
            return .success(try await fetch(request))
        } catch let error as FetchError {
            return .failure(error)
        } catch {
            return .failure(.transport(code: -1, message: "\(error)"))
        }
    }
}
