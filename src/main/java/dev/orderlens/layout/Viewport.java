package dev.orderlens.layout;

/**
 * The part of the timeline a frame shows and the size it is drawn at.
 *
 * @param startNs first visible time
 * @param endNs end of the visible window (exclusive)
 * @param width view width in pixels (gutter included)
 * @param height view height in pixels (ruler included)
 * @param scrollY vertical scroll of the lanes in pixels
 */
public record Viewport(long startNs, long endNs, double width, double height, double scrollY) {}
