import Foundation
import KaizenCLI

exit(await KaizenMain.run(Array(CommandLine.arguments.dropFirst())))
