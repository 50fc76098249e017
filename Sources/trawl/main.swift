import TrawlApp

await TrawlCommand.runFromCommandLine()
