package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MetaCommandsTest {
    static MetaCommands table() {
        MetaCommands m = new MetaCommands();
        for (String usage : List.of(":help [command]", ":send MESSAGE [port]", ":start-server [port]", ":stop-server",
                ":tasks", ":trace", ":quit")) {
            m.add(usage, "summary", "help", a -> true);
        }
        m.alias(":exit", ":quit");
        return m;
    }

    @Test
    void findsByNameWithOrWithoutColonAndByUniquePrefix() {
        MetaCommands m = table();
        assertEquals(":send", m.find(":send").orElseThrow().name());
        assertEquals(":send", m.find("send").orElseThrow().name());
        assertEquals(":send", m.find(":se").orElseThrow().name());
        assertEquals(Optional.empty(), m.find(":st"), ":st is :start-server or :stop-server");
        assertEquals(Optional.empty(), m.find(":t"), ":t is :tasks or :trace");
        assertEquals(":exit", m.find(":exit").orElseThrow().name());
    }

    @Test
    void suggestsTheNearestNameForATypo() {
        MetaCommands m = table();
        assertEquals(Optional.of(":send"), m.suggest(":sned"));
        assertEquals(Optional.of(":tasks"), m.suggest(":taks"));
        assertEquals(Optional.of(":stop-server"), m.suggest(":stop-sever"));
        assertEquals(Optional.of(":quit"), m.suggest("quti"));
        assertEquals(Optional.empty(), m.suggest(":xyzzy"));
    }

    @Test
    void listsEachCommandOnceAndEveryNameForCompletion() {
        MetaCommands m = table();
        assertEquals(7, m.all().size());
        assertTrue(m.names().contains(":exit"));
        assertEquals(":send MESSAGE [port]", m.find(":send").orElseThrow().usage());
    }

    @Test
    void distanceCountsASwapAsOne() {
        assertEquals(0, MetaCommands.distance("abc", "abc"));
        assertEquals(1, MetaCommands.distance("abc", "acb"));
        assertEquals(1, MetaCommands.distance("abc", "abcd"));
        assertEquals(3, MetaCommands.distance("", "abc"));
    }

    @org.junit.jupiter.api.Test
    void helpTextIsReflowedOnlyWhenALineIsTooWide() {
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("one two", "three"),
                SessionCommands.fit("  one two\n  three", 20), "lines that fit stay as written");
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("Запускает проверку", "урока на том, что вы", "объявили"),
                SessionCommands.fit("Запускает проверку урока на том,\nчто вы объявили", 20), "a wider line: words are never broken");
        for (String key : java.util.List.of("help.loop.text", "help.check.text")) {
            for (String line : SessionCommands.fit(Messages.get(key), 77)) {
                org.junit.jupiter.api.Assertions.assertTrue(line.length() <= 77, line);
            }
        }
    }
}
