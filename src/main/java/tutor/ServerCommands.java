package tutor;

import lecture.ReverseEcho;
import tutor.agent.Request;

/**
 * The reverse-echo server's commands: {@code :start-server}, {@code :stop-server},
 * {@code :send}. The server and the client run in the agent, on its loop; the port travels back
 * as a number ({@link Request.Started}), which {@code :send} uses by default and playback shows
 * as the lesson's 9996 ({@link PortAlias}).
 */
final class ServerCommands implements CommandFamily {
    private final CommandContext console;
    private final PortAlias alias;

    ServerCommands(CommandContext console, PortAlias alias) {
        this.console = console;
        this.alias = alias;
    }

    @Override
    public void register(MetaCommands commands) {
        commands.add(":start-server " + Messages.get("help.start-server.args"), Messages.get("help.start-server.summary"),
                Messages.get("help.start-server.text"), this::start);
        commands.add(":stop-server", Messages.get("help.stop-server.summary"), Messages.get("help.stop-server.text"),
                a -> CommandFamily.noArguments(console, ":stop-server", a) && stop());
        commands.add(":send " + Messages.get("help.send.args"), Messages.get("help.send.summary"),
                Messages.get("help.send.text"), this::send);
    }

    private boolean start(String args) {
        Integer wanted = args.isEmpty() ? Integer.valueOf(ReverseEcho.PORT) : port(args, true);
        if (wanted == null) {
            return false;
        }
        Request.Started started = (Request.Started) console.request(Request.START_SERVER, alias.toListen(wanted));
        if (started == null) {
            return false;
        }
        alias.listening(wanted, started.port());
        JavaSession s = console.session();
        if (s != null) {
            s.serverListens(started.port());
        }
        started.lines().forEach(line -> console.print(Style.NOTE, line));
        return true;
    }

    private boolean stop() {
        if (console.request(Request.STOP_SERVER, null) == null) {
            return false;
        }
        JavaSession s = console.session();
        if (s != null) {
            s.serverListens(0);
        }
        return true;
    }

    private boolean send(String args) {
        if (args.isEmpty()) {
            return console.fail(Messages.get("send.usage"));
        }
        JavaSession s = console.session();
        int port = s != null && s.serverPort() != 0 ? s.serverPort() : ReverseEcho.PORT;
        String message = args;
        int space = args.lastIndexOf(' ');
        // A number at the end is the port only from 1024 up: ":send 2 + 2" sends "2 + 2".
        String last = space > 0 ? args.substring(space + 1) : "";
        if (last.matches("\\d{4,5}") && Integer.parseInt(last) >= 1024) {
            Integer p = port(last, false);
            if (p == null) {
                return false;
            }
            port = p;
            message = args.substring(0, space).strip();
        }
        if (message.length() >= 2 && message.startsWith("\"") && message.endsWith("\"")) {
            message = message.substring(1, message.length() - 1);
        }
        return console.request(Request.SEND, new Request.Message(message, port)) != null;
    }

    /** A port number from the learner, or null after an error line. */
    private Integer port(String text, boolean zeroAllowed) {
        Integer p = ReverseEcho.port(text.strip(), zeroAllowed);
        if (p == null) {
            console.fail(Messages.get("port.invalid", text.strip(), zeroAllowed ? 0 : 1));
        }
        return p;
    }
}
