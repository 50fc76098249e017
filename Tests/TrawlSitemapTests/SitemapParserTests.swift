import Testing
@testable import TrawlSitemap
