package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which language a run speaks: --lang, then :lang's saved choice, then the locale as POSIX orders it. */
class LanguageTest {
    @TempDir
    Path state;

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void theLocaleDecidesAsPosixOrdersIt() {
        assertEquals(Language.RU, Language.ofEnvironment(env("LANG", "ru_RU.UTF-8")));
        assertEquals(Language.RU, Language.ofEnvironment(env("LANG", "ru_UA.UTF-8")));
        assertEquals(Language.RU, Language.ofEnvironment(env("LANG", "ru")));
        assertEquals(Language.RU, Language.ofEnvironment(env("LANG", "ru_RU.KOI8-R@euro")));
        assertEquals(Language.EN, Language.ofEnvironment(env("LANG", "en_US.UTF-8")));
        assertEquals(Language.EN, Language.ofEnvironment(env("LANG", "C")));
        assertEquals(Language.EN, Language.ofEnvironment(env("LANG", "POSIX")));
        assertEquals(Language.EN, Language.ofEnvironment(env("LANG", "de_DE.UTF-8")), "a language the course does not speak: English");
        assertEquals(Language.EN, Language.ofEnvironment(env()), "no locale at all");
        assertEquals(Language.EN, Language.ofEnvironment(env("LANG", "rus_RU")), "only the language's own code");
        // LC_ALL first, then LC_MESSAGES, then LANG; an empty one does not count
        assertEquals(Language.EN, Language.ofEnvironment(env("LC_ALL", "C.UTF-8", "LC_MESSAGES", "ru_RU.UTF-8", "LANG", "ru_RU.UTF-8")));
        assertEquals(Language.RU, Language.ofEnvironment(env("LC_ALL", "", "LC_MESSAGES", "ru_RU.UTF-8", "LANG", "en_US.UTF-8")));
        assertEquals(Language.EN, Language.ofEnvironment(env("LC_MESSAGES", "en_US.UTF-8", "LANG", "ru_RU.UTF-8")));
        assertEquals(Language.RU, Language.ofEnvironment(env("LC_MESSAGES", " ", "LANG", "ru_RU.UTF-8")));
    }

    @Test
    void optionsNameTheLanguageByItsTag() {
        assertEquals(Optional.of(Language.RU), Language.named("ru"));
        assertEquals(Optional.of(Language.RU), Language.named(" RU "));
        assertEquals(Optional.of(Language.EN), Language.named("en"));
        assertEquals(Optional.empty(), Language.named("de"));
        assertEquals(Optional.empty(), Language.named("russian"));
        assertEquals("en, ru", Language.names());
    }

    @Test
    void theOptionComesFirstThenTheSavedChoiceThenTheLocale() {
        Map<String, String> russianLocale = env("LANG", "ru_RU.UTF-8");
        assertEquals(Language.RU, Main.chooseLanguage(null, state, russianLocale));
        assertEquals(Language.EN, Main.chooseLanguage(Language.EN, state, russianLocale));
        assertNull(Progress.savedLanguage(state));
        Progress p = Progress.load(state);
        p.language(Language.EN);
        assertNull(p.save());
        assertEquals(Language.EN, Progress.savedLanguage(state));
        assertEquals(Language.EN, Main.chooseLanguage(null, state, russianLocale), "the choice :lang saved");
        assertEquals(Language.RU, Main.chooseLanguage(Language.RU, state, env()), "--lang before the saved choice");
        assertEquals(Language.RU, Main.chooseLanguage(null, null, russianLocale), "no state folder (--play): the locale");
    }

    @Test
    void aConsoleThatDidNotChooseKeepsAnothersChoice() {
        Progress chose = Progress.load(state);
        Progress other = Progress.load(state);
        chose.language(Language.RU);
        chose.save();
        other.at(3, 1);
        other.save();
        assertEquals(Language.RU, Progress.savedLanguage(state));
    }

    @Test
    void theStreamsAreUtf8WhenTheLocaleNamesUtf8EvenIfItIsNotInstalled() {
        org.junit.jupiter.api.Assertions.assertTrue(LocaleCharset.namesUtf8(env("LANG", "ru_RU.UTF-8")));
        org.junit.jupiter.api.Assertions.assertTrue(LocaleCharset.namesUtf8(env("LANG", "C.utf8")));
        org.junit.jupiter.api.Assertions.assertTrue(LocaleCharset.namesUtf8(env("LC_ALL", "ru_RU.utf8@euro", "LANG", "C")));
        org.junit.jupiter.api.Assertions.assertTrue(LocaleCharset.namesUtf8(env("LC_CTYPE", "en_US.UTF-8", "LANG", "ru_RU.KOI8-R")));
        org.junit.jupiter.api.Assertions.assertFalse(LocaleCharset.namesUtf8(env("LANG", "ru_RU.KOI8-R")));
        org.junit.jupiter.api.Assertions.assertFalse(LocaleCharset.namesUtf8(env("LANG", "C")));
        org.junit.jupiter.api.Assertions.assertFalse(LocaleCharset.namesUtf8(env()));
        org.junit.jupiter.api.Assertions.assertFalse(LocaleCharset.namesUtf8(env("LC_ALL", "POSIX", "LANG", "ru_RU.UTF-8")), "LC_ALL first");
    }
}
