package org.tinyprune.nn.onnx;

import java.util.Arrays;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.ZeroPad2d;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/**
 * Conv → {@link Conv2d}: grouped, depthwise and dilated, weights {@code [out, in/groups, kh, kw]}
 * and optional bias copied in. A zero Pad just before is taken into the convolution's padding; pads
 * that differ between the two sides of an axis become a {@link ZeroPad2d} in front.
 */
final class ConvTranslator {
    private ConvTranslator() {}

    static void conv(NodeProto n, Translation t) {
        Attrs a = Attrs.of(n, "auto_pad", "dilations", "group", "kernel_shape", "pads", "strides");
        String input = n.getInput(0);
        Translation.Value v = t.value(input);
        int[] pre = new int[4];
        String x;
        if (v instanceof Translation.Padded p) {
            x = p.node();
            pre = new int[] {p.top(), p.left(), p.bottom(), p.right()};
        } else {
            x = t.activation(n, 0);
        }
        int[] s = t.shape(x);
        if (s.length != 3) {
            throw new Unsupported(
                    "input '"
                            + input
                            + "' has shape "
                            + Shapes.str(Shapes.batched(1, s))
                            + "; only 2-D convolution over N×C×H×W is supported");
        }
        ConstTensor w = t.constant(n, 1);
        ConstTensor b = t.optionalConstant(n, 2);
        if (!w.isFloat() || w.rank() != 4) {
            throw new Unsupported(
                    "weight '"
                            + n.getInput(1)
                            + "' must be a float [out, in/groups, kh, kw] tensor, got "
                            + w);
        }
        int[] ws = w.shape();
        int groups = Math.toIntExact(a.integer("group", 1));
        if (groups < 1 || s[0] % groups != 0 || ws[0] % groups != 0 || ws[1] * groups != s[0]) {
            throw new Unsupported(
                    "group="
                            + groups
                            + " with weight "
                            + Arrays.toString(ws)
                            + " does not fit "
                            + s[0]
                            + " input channels");
        }
        Window win =
                Window.of(
                                a,
                                new int[] {ws[2], ws[3]},
                                s[1] + pre[0] + pre[2],
                                s[2] + pre[1] + pre[3])
                        .plusPads(pre[0], pre[1], pre[2], pre[3]);
        if (win.strideH() != win.strideW()) {
            throw new Unsupported(
                    "strides "
                            + win.strideH()
                            + ","
                            + win.strideW()
                            + " differ; Conv2d takes one stride"
                            + " for both axes (re-export with equal strides)");
        }
        if (b != null && (!b.isFloat() || b.size() != ws[0])) {
            throw new Unsupported(
                    "bias '"
                            + n.getInput(2)
                            + "' must be a float vector of "
                            + ws[0]
                            + " values, got "
                            + b);
        }
        if (!win.symmetric()) {
            x =
                    t.helper(
                            n.getOutput(0) + ".pad",
                            new ZeroPad2d(win.top(), win.left(), win.bottom(), win.right()),
                            x);
            win =
                    new Window(
                            win.kernelH(),
                            win.kernelW(),
                            win.strideH(),
                            win.strideW(),
                            win.dilationH(),
                            win.dilationW(),
                            0,
                            0,
                            0,
                            0);
        }
        Conv2d conv =
                new Conv2d(
                        s[0],
                        ws[0],
                        ws[2],
                        ws[3],
                        win.strideH(),
                        win.top(),
                        win.left(),
                        win.dilationH(),
                        win.dilationW(),
                        groups,
                        b != null);
        conv.weight().copyFrom(w.floats());
        if (b != null) {
            conv.bias().copyFrom(b.floats());
        }
        t.add(n.getOutput(0), conv, x);
    }
}
