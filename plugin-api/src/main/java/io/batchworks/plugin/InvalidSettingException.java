package io.batchworks.plugin;

/**
 * A setting whose value cannot be used, e.g. {@code --reprocess.cycle-interval=five}. Thrown by
 * {@link PluginContext#setting} and {@link PluginContext#duration}: while the engine starts it stops the start with
 * this message, naming the key; a plugin dropped in later is refused with it.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private final String key;

    public InvalidSettingException(String key, String value, String expected) {
        super("setting " + key + ": \"" + value + "\" is not " + expected);
        this.key = key;
    }

    /** The setting's key, e.g. {@code reprocess.cycle-interval}. */
    public String key() {
        return key;
    }
}
