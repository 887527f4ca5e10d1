package org.flatworld.world;

import java.util.Arrays;

/**
 * The layout of one world: arena, dynamics overrides and the initial state of every entity. Part of a
 * task's content (and so of its id). Arrays are owned by the record; do not modify them.
 *
 * @param worldSize     side of the square arena, centred on the origin
 * @param damping       velocity damping per step
 * @param massScale     multiplies player and object masses (shifted-dynamics splits)
 * @param playerX       initial player positions (players)
 * @param playerY       ″
 * @param playerAngle   initial facing angles in radians (players)
 * @param objectX       initial object positions (objects)
 * @param objectY       ″
 * @param objectColour  colour index of each object (objects)
 * @param objectShape   shape index of each object (objects)
 * @param zoneX         zone centres (zones)
 * @param zoneY         ″
 * @param zoneColour    colour index of each zone (zones)
 * @param obstacleX     obstacle centres (obstacles)
 * @param obstacleY     ″
 */
public record WorldSpec(float worldSize, float damping, float massScale,
                        float[] playerX, float[] playerY, float[] playerAngle,
                        float[] objectX, float[] objectY, int[] objectColour, int[] objectShape,
                        float[] zoneX, float[] zoneY, int[] zoneColour,
                        float[] obstacleX, float[] obstacleY) {

    public WorldSpec {
        if (playerY.length != playerX.length || playerAngle.length != playerX.length)
            throw new IllegalArgumentException("player arrays differ in length");
        if (objectY.length != objectX.length || objectColour.length != objectX.length || objectShape.length != objectX.length)
            throw new IllegalArgumentException("object arrays differ in length");
        if (zoneY.length != zoneX.length || zoneColour.length != zoneX.length)
            throw new IllegalArgumentException("zone arrays differ in length");
        if (obstacleY.length != obstacleX.length)
            throw new IllegalArgumentException("obstacle arrays differ in length");
    }

    public int players() { return playerX.length; }

    public int objects() { return objectX.length; }

    public int zones() { return zoneX.length; }

    public int obstacles() { return obstacleX.length; }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorldSpec w && w.worldSize == worldSize && w.damping == damping && w.massScale == massScale
                && Arrays.equals(w.playerX, playerX) && Arrays.equals(w.playerY, playerY)
                && Arrays.equals(w.playerAngle, playerAngle) && Arrays.equals(w.objectX, objectX)
                && Arrays.equals(w.objectY, objectY) && Arrays.equals(w.objectColour, objectColour)
                && Arrays.equals(w.objectShape, objectShape) && Arrays.equals(w.zoneX, zoneX)
                && Arrays.equals(w.zoneY, zoneY) && Arrays.equals(w.zoneColour, zoneColour)
                && Arrays.equals(w.obstacleX, obstacleX) && Arrays.equals(w.obstacleY, obstacleY);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(objectX) * 31 + Arrays.hashCode(playerX);
    }
}
