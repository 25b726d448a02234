package tutor;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The languages the course speaks, and how a run picks one: {@code --lang} for that run, else
 * the one the learner chose with {@code :lang} (the console remembers it), else the locale's
 * messages language as POSIX orders it: {@code LC_ALL}, then {@code LC_MESSAGES}, then
 * {@code LANG} (the first that is set and not empty). Anything but Russian is English.
 */
enum Language {
    EN("en"), RU("ru");

    /** Its BCP 47 tag, which is also what {@code --lang} and {@code :lang} take. */
    final String tag;

    Language(String tag) {
        this.tag = tag;
    }

    Locale locale() {
        return Locale.forLanguageTag(tag);
    }

    /** The language {@code --lang}/{@code :lang} names ("ru", "RU", "en"), if the course speaks it. */
    static Optional<Language> named(String name) {
        for (Language l : values()) {
            if (l.tag.equalsIgnoreCase(name.strip())) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /** The language of a locale the messages follow ({@code Messages.locale()}): Russian or English. */
    static Language of(Locale locale) {
        return locale.getLanguage().equals("ru") ? RU : EN;
    }

    /** The messages language of the environment's locale: ru_RU.UTF-8 is Russian; C, POSIX, en_GB.UTF-8 and the unset are English. */
    static Language ofEnvironment(Map<String, String> env) {
        // language[_territory][.codeset][@modifier]
        String language = locale(env, "LC_MESSAGES").split("[_.@-]", 2)[0];
        return language.equalsIgnoreCase("ru") ? RU : EN;
    }

    /**
     * The locale in effect for a POSIX category ("LC_MESSAGES", "LC_CTYPE"): LC_ALL, else the
     * category's variable, else LANG, the first that is set and not blank; "" when none is.
     */
    static String locale(Map<String, String> env, String category) {
        for (String name : new String[] {"LC_ALL", category, "LANG"}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return "";
    }

    /** The names the options take, for an error: "en, ru". */
    static String names() {
        return String.join(", ", java.util.Arrays.stream(values()).map(l -> l.tag).toList());
    }
}
