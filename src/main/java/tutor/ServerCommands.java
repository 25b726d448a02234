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
        commands.add(":start-server [port]", "start the reverse-echo server on the loop", """
                Starts the lecture's reverse-echo server on 127.0.0.1 (port 9996 unless given; 0 picks
                a free one) as a task on the console's loop. It answers each connection's message
                reversed; its "client: ..." lines print above the prompt while you type.""", this::start);
        commands.add(":stop-server", "stop the server", """
                Stops accepting connections, lets open ones finish (up to 5 s), then closes the server.""",
                a -> CommandFamily.noArguments(console, ":stop-server", a) && stop());
        commands.add(":send MESSAGE [port]", "send MESSAGE to the server, print the reply", """
                Runs the lecture's client as a task: connects to 127.0.0.1 (the console's server port,
                else 9996, unless a port from 1024 up is given last), sends MESSAGE and prints
                sent [MESSAGE] => received: [EGASSEM]. Quote a message that ends in such a
                number: :send "room 1010".""", this::send);
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
            return console.fail("usage: :send MESSAGE [port]");
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
            console.fail("not a port: " + text.strip() + " (a number from " + (zeroAllowed ? 0 : 1) + " to 65535)");
        }
        return p;
    }
}
