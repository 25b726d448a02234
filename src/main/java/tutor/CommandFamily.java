package tutor;

/**
 * A family of meta-commands (the lessons', the server's, the session's): it adds its commands,
 * each with its help text beside the code that runs it, to the console's table.
 */
interface CommandFamily {
    void register(MetaCommands commands);

    /** True when a command that takes no arguments got none; otherwise one error line. */
    static boolean noArguments(CommandContext console, String name, String args) {
        return args.isEmpty() || console.fail(Messages.get("command.no-arguments", name));
    }
}
