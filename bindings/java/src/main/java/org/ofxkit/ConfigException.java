package org.ofxkit;

/** OFX_RESULT_CONFIG: a client setting is missing or invalid. */
public class ConfigException extends OfxException {
    private static final long serialVersionUID = 1L;

    public ConfigException(int code, String detail) { super(code, detail); }
}
