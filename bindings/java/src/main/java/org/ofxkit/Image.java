package org.ofxkit;

/** A downloaded check or statement image (copied out of the library). */
public record Image(String contentType, byte[] data) {
    /** IMAGEREFTYPE values ({@code OFX_IMAGE_*}). */
    public static final int OPAQUE = 1, URL = 2, FORMURL = 3;
}
