import CMimalloc
import TrawlApp

// The process allocates through mimalloc (CMimalloc links it ahead of libc, which makes it
// malloc/free for every library in the process). Referencing it here keeps the link: a linker
// that drops unused libraries (`--as-needed`) would otherwise silently fall back to glibc's malloc.
_ = mi_version()

await TrawlCommand.runFromCommandLine()
