package dev.orderlens.model;

/**
 * A sub-lane of a layer (one device, queue or CPU), from one source file. Requests point to a lane;
 * the lane gives their layer and file.
 */
public record Lane(int index, int layer, int file, String name) {}
