package org.flatworld.task;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.flatworld.env.Policy;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.world.World;
import org.jfree.graphics2d.svg.SVGGraphics2D;

/**
 * Records one episode of a task and draws it: an SVG filmstrip of frames, an animated GIF
 * (javax.imageio) or a self-contained HTML page that animates the SVG frames. Player 0 (outlined
 * black) is driven by the oracle, uniform random actions, or a {@link Policy}.
 */
public final class EpisodeRender {
    /** One recorded state. Arrays are copies (players / objects / zones / obstacles). */
    public record Frame(int t, float reward, float[] px, float[] py, float[] fx, float[] fy, int[] frozen,
                        float[] ox, float[] oy, int[] heldBy) {}

    public enum Driver { ORACLE, RANDOM, POLICY }

    private final Complexity c;
    private final Task task;
    private final List<Frame> frames = new ArrayList<>();
    private float finalReward;
    private static final int PX = 360, MARGIN = 10, HEADER = 44;

    private EpisodeRender(Complexity c, Task task) {
        this.c = c;
        this.task = task;
    }

    /** Plays one episode of {@code task} and keeps the states at t = 0 … horizon − 1. */
    public static EpisodeRender record(Complexity c, Task task, Driver driver, Policy policy, long seed) {
        if (driver == Driver.POLICY && policy == null) throw new IllegalArgumentException("driver POLICY needs a policy");
        EpisodeRender r = new EpisodeRender(c, task);
        try (TaskVecEnv env = TaskVecEnv.fixed(c, List.of(task), new int[1], 1, null)) {
            env.reset(seed);
            SplittableRandom rng = new SplittableRandom(seed);
            Policy.Actor actor = policy != null ? policy.actor(1, FlopLedger.NONE) : null;
            float[] obs = new float[env.obsDim()];
            int[] act = new int[1];
            float[] rew = new float[1];
            byte[] done = new byte[1];
            r.snap(env.world(), 0, 0f);
            for (int t = 1; t <= c.horizon(); t++) {
                switch (driver) {
                    case ORACLE -> act[0] = env.oracleAction(0, 0);
                    case RANDOM -> act[0] = rng.nextInt(env.numActions());
                    case POLICY -> {
                        env.observe(obs);
                        actor.act(obs, act, false, rng);
                    }
                }
                env.step(act, rew, done);
                // the last step auto-resets the environment: keep its reward, not its (reset) state
                if (t < c.horizon()) r.snap(env.world(), t, rew[0]);
                else r.finalReward = rew[0];
            }
        }
        return r;
    }

    private void snap(World w, int t, float reward) {
        int np = w.nPlayers[0], no = w.nObjects[0];
        float[] px = new float[np], py = new float[np], fx = new float[np], fy = new float[np];
        int[] fr = new int[np];
        for (int p = 0; p < np; p++) {
            int i = w.player(0, p);
            px[p] = w.px[i];
            py[p] = w.py[i];
            fx[p] = w.fx[i];
            fy[p] = w.fy[i];
            fr[p] = w.frozen[i];
        }
        float[] ox = new float[no], oy = new float[no];
        int[] hb = new int[no];
        for (int o = 0; o < no; o++) {
            int i = w.object(0, o);
            ox[o] = w.px[i];
            oy[o] = w.py[i];
            hb[o] = w.heldBy[o * w.stride];
        }
        frames.add(new Frame(t, reward, px, py, fx, fy, fr, ox, oy, hb));
    }

    public List<Frame> frames() { return frames; }

    /** Total reward of player 0 over the episode (the frames show states 0 … horizon − 1). */
    public double episodeReturn() {
        double s = finalReward;
        for (Frame f : frames) s += f.reward();
        return s;
    }

    // ------------------------------------------------------------------ drawing

    private int width() { return PX + 2 * MARGIN; }

    private int height() { return PX + 2 * MARGIN + HEADER; }

    /** Draws frame {@code f} with its top-left corner at the current origin. */
    void draw(Graphics2D g, Frame f, double cumulative) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        var w = task.world();
        double size = w.worldSize(), s = PX / size;
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, width(), height()));
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        String goal = task.goal().format(0);
        if (goal.length() > 70) goal = goal.substring(0, 67) + "…";
        g.drawString(goal, MARGIN, 15);
        g.drawString(String.format("task %s  t = %d / %d  reward %.0f  return %.0f", task.idHex(), f.t(), c.horizon(),
                f.reward(), cumulative), MARGIN, 32);
        double ox0 = MARGIN, oy0 = MARGIN + HEADER;
        g.setColor(new Color(0xF5F5F0));
        g.fill(new Rectangle2D.Double(ox0, oy0, PX, PX));
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(2f));
        g.draw(new Rectangle2D.Double(ox0, oy0, PX, PX));
        // world (x, y) → screen
        java.util.function.DoubleUnaryOperator sx = x -> ox0 + (x + size / 2) * s;
        java.util.function.DoubleUnaryOperator sy = y -> oy0 + (size / 2 - y) * s;
        double zr = c.zoneRadius() * s;
        for (int z = 0; z < w.zones(); z++) {
            Color col = new Color(Vocabulary.RGB[w.zoneColour()[z]]);
            g.setColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 70));
            g.fill(new Ellipse2D.Double(sx.applyAsDouble(w.zoneX()[z]) - zr, sy.applyAsDouble(w.zoneY()[z]) - zr, 2 * zr, 2 * zr));
        }
        double kr = c.obstacleRadius() * s;
        g.setColor(new Color(0x555555));
        for (int k = 0; k < w.obstacles(); k++)
            g.fill(new Ellipse2D.Double(sx.applyAsDouble(w.obstacleX()[k]) - kr, sy.applyAsDouble(w.obstacleY()[k]) - kr, 2 * kr, 2 * kr));
        double or = c.objectRadius() * s;
        g.setStroke(new BasicStroke(1f));
        for (int o = 0; o < f.ox().length; o++) {
            Path2D shape = shape(w.objectShape()[o], sx.applyAsDouble(f.ox()[o]), sy.applyAsDouble(f.oy()[o]), or * 1.2);
            g.setColor(new Color(Vocabulary.RGB[w.objectColour()[o]]));
            g.fill(shape);
            g.setColor(Color.BLACK);
            g.draw(shape);
        }
        double pr = c.playerRadius() * s;
        for (int p = 0; p < f.px().length; p++) {
            double x = sx.applyAsDouble(f.px()[p]), y = sy.applyAsDouble(f.py()[p]);
            g.setColor(f.frozen()[p] > 0 ? new Color(0xB3E5FC) : p == 0 ? new Color(0xFFFFFF) : new Color(0xDDDDDD));
            g.fill(new Ellipse2D.Double(x - pr, y - pr, 2 * pr, 2 * pr));
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(p == 0 ? 2.5f : 1f));
            g.draw(new Ellipse2D.Double(x - pr, y - pr, 2 * pr, 2 * pr));
            g.draw(new Line2D.Double(x, y, x + f.fx()[p] * pr * 1.8, y - f.fy()[p] * pr * 1.8));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 10));
            g.drawString(Integer.toString(p), (float) (x - 3), (float) (y + 4));
        }
    }

    private static Path2D shape(int kind, double x, double y, double r) {
        Path2D p = new Path2D.Double();
        switch (kind) {
            case 0 -> p.append(new Rectangle2D.Double(x - r * 0.85, y - r * 0.85, 1.7 * r, 1.7 * r), false);
            case 1 -> p.append(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r), false);
            default -> {
                // regular polygons and stars: triangle 3, star 5 (inner radius ½), cross 4 (inner ⅓), ring ○, hexagon 6, diamond 4
                int n = switch (kind) { case 2 -> 3; case 3 -> 10; case 4 -> 8; case 6 -> 6; default -> 4; };
                if (kind == 5) {
                    p.append(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r), false);
                    p.append(new Ellipse2D.Double(x - r / 2, y - r / 2, r, r), false);
                    p.setWindingRule(Path2D.WIND_EVEN_ODD);
                    return p;
                }
                for (int i = 0; i < n; i++) {
                    double a = -Math.PI / 2 + 2 * Math.PI * i / n + (kind == 4 ? Math.PI / 8 : 0);
                    double rr = kind == 3 && i % 2 == 1 ? r * 0.5 : kind == 4 && i % 2 == 1 ? r * 0.45 : r;
                    if (kind == 4) rr = i % 2 == 0 ? r : r * 0.45;
                    double px = x + rr * Math.cos(a), py = y + rr * Math.sin(a);
                    if (i == 0) p.moveTo(px, py);
                    else p.lineTo(px, py);
                }
                p.closePath();
            }
        }
        return p;
    }

    /** Every k-th frame (at most {@code max}), always including the first and the last. */
    private List<Integer> pick(int max) {
        int n = frames.size(), k = Math.max(1, (n + max - 1) / max);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i += k) idx.add(i);
        if (idx.get(idx.size() - 1) != n - 1) idx.add(n - 1);
        return idx;
    }

    private double[] cumulative() {
        double[] cum = new double[frames.size()];
        double s = 0;
        for (int i = 0; i < cum.length; i++) cum[i] = s += frames.get(i).reward();
        return cum;
    }

    /** One SVG document of a frame. */
    public String svgFrame(int i) {
        SVGGraphics2D g = new SVGGraphics2D(width(), height());
        draw(g, frames.get(i), cumulative()[i]);
        return g.getSVGDocument();
    }

    /** A filmstrip: up to {@code max} frames in a grid of 4 columns, one SVG document. */
    public String svgFilmstrip(int max) {
        List<Integer> idx = pick(max);
        int cols = Math.min(4, idx.size()), rows = (idx.size() + cols - 1) / cols;
        SVGGraphics2D g = new SVGGraphics2D(cols * width(), rows * height());
        double[] cum = cumulative();
        for (int k = 0; k < idx.size(); k++) {
            Graphics2D sub = (Graphics2D) g.create((k % cols) * width(), (k / cols) * height(), width(), height());
            draw(sub, frames.get(idx.get(k)), cum[idx.get(k)]);
            sub.dispose();
        }
        return g.getSVGDocument();
    }

    /** An HTML page animating every frame's SVG (play/pause, step). */
    public String html() {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Flatworld task ").append(task.idHex())
          .append("</title>\n<style>body{font-family:sans-serif} .f{display:none} .f.on{display:block}</style></head><body>\n")
          .append("<h3>").append(escape(task.goal().format(0))).append("</h3>\n")
          .append("<button id=\"pp\" onclick=\"playing=!playing\">play/pause</button> <span id=\"lbl\"></span>\n<div id=\"frames\">\n");
        for (int i = 0; i < frames.size(); i++) sb.append("<div class=\"f\">").append(stripXmlHeader(svgFrame(i))).append("</div>\n");
        sb.append("</div>\n<script>\nconst fs=document.querySelectorAll('.f');let i=0,playing=true;\n")
          .append("function show(){fs.forEach((f,k)=>f.classList.toggle('on',k===i));document.getElementById('lbl').textContent='frame '+i+' / '+(fs.length-1);}\n")
          .append("show();setInterval(()=>{if(playing){i=(i+1)%fs.length;show();}},120);\n</script>\n</body></html>\n");
        return sb.toString();
    }

    private static String stripXmlHeader(String svg) {
        int k = svg.indexOf("<svg");
        return k >= 0 ? svg.substring(k) : svg;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** An animated GIF of every frame (120 ms per frame, looping). */
    public byte[] gif() {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.prepareWriteSequence(null);
                double[] cum = cumulative();
                for (int i = 0; i < frames.size(); i++) {
                    BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
                    Graphics2D g = img.createGraphics();
                    draw(g, frames.get(i), cum[i]);
                    g.dispose();
                    IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), null);
                    String fmt = meta.getNativeMetadataFormatName();
                    IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(fmt);
                    IIOMetadataNode gce = child(root, "GraphicControlExtension");
                    gce.setAttribute("disposalMethod", "none");
                    gce.setAttribute("userInputFlag", "FALSE");
                    gce.setAttribute("transparentColorFlag", "FALSE");
                    gce.setAttribute("delayTime", "12");
                    gce.setAttribute("transparentColorIndex", "0");
                    if (i == 0) {
                        IIOMetadataNode apps = child(root, "ApplicationExtensions");
                        IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
                        app.setAttribute("applicationID", "NETSCAPE");
                        app.setAttribute("authenticationCode", "2.0");
                        app.setUserObject(new byte[] {1, 0, 0}); // loop forever
                        apps.appendChild(app);
                    }
                    meta.setFromTree(fmt, root);
                    writer.writeToSequence(new IIOImage(img, null, meta), null);
                }
                writer.endWriteSequence();
            }
            writer.dispose();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++)
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) return (IIOMetadataNode) root.item(i);
        IIOMetadataNode n = new IIOMetadataNode(name);
        root.appendChild(n);
        return n;
    }

    /**
     * Writes the episode to {@code file} by extension: .svg (filmstrip of up to 16 frames), .gif or
     * .html (animated); atomically (temp file in the same folder, then rename).
     */
    public void write(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        byte[] data;
        if (name.endsWith(".svg")) data = svgFilmstrip(16).getBytes(StandardCharsets.UTF_8);
        else if (name.endsWith(".gif")) data = gif();
        else if (name.endsWith(".html") || name.endsWith(".htm")) data = html().getBytes(StandardCharsets.UTF_8);
        else throw new IllegalArgumentException("--out must end in .svg, .gif or .html, got '" + file + "'");
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
            Files.write(tmp, data);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
