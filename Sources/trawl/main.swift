import TrawlApp

await TrawlCommand.main()
