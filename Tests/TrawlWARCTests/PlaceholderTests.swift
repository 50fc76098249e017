import Testing
@testable import TrawlWARC
