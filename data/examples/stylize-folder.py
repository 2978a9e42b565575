# stylize-folder.py - neural style transfer on a folder of images, with one
# style image, through GIMP 3's Python-Fu in batch.
#
# Run the file and call stylize_folder in the same batch command:
#
#   gimp-console-3.0 -i --batch-interpreter=python-fu-eval -b '
#   exec(open("/usr/local/share/neural-style/examples/stylize-folder.py").read())
#   stylize_folder("photos", "painting.jpg", "stylised", style_strength=60)' --quit
#
# Every image file in the input folder (not its sub-folders) is flattened,
# stylised with plug-in-neural-style and exported under the same name into
# the output folder (made if needed).  Keyword arguments are the plug-in's
# arguments with '_' for '-' (style_strength, iterations, working_size,
# seed, ...; see README.md, "Parameters"); the others keep their defaults.
# Choices are their names (preserve_colors="luminance",
# output_mode="new-layer"), layers and channels are objects, and arrays
# are plain lists (more_styles=[layer], style_weights=[3, 1],
# style_regions=[channel]).  An image that fails is reported and skipped;
# the function returns the number of images written.
#
# stylize_layer(image, layer, style_layer, **arguments) does the same for
# one layer of an open image.

import os
import sys

from gi.repository import Gimp, Gio, GObject

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".xcf")


def _load(path):
    return Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))


def _set_argument(config, name, value):
    """Set one argument; a list becomes the GIMP array its argument takes."""
    spec = config.find_property(name)
    if spec is None:
        raise RuntimeError("plug-in-neural-style has no argument '%s'" % name)
    if not isinstance(value, (list, tuple)):
        config.set_property(name, value)
    elif spec.value_type.name == "GimpCoreObjectArray":
        config.set_core_object_array(name, list(value))
    elif spec.value_type.name == "GimpDoubleArray":
        # GIMP 3.0's Python cannot turn a list into this boxed type itself
        array = GObject.Value(Gimp.DoubleArray)
        Gimp.value_set_double_array(array, [float(v) for v in value])
        config.set_property(name, array.get_boxed())
    else:
        raise RuntimeError("argument '%s' takes no list" % name)


def stylize_layer(image, layer, style_layer, **arguments):
    """Run plug-in-neural-style on one layer; raise RuntimeError on failure."""
    procedure = Gimp.get_pdb().lookup_procedure("plug-in-neural-style")
    if procedure is None:
        raise RuntimeError("plug-in-neural-style is not installed")
    config = procedure.create_config()
    config.set_property("run-mode", Gimp.RunMode.NONINTERACTIVE)
    config.set_property("image", image)
    config.set_core_object_array("drawables", [layer])
    config.set_property("style-drawable", style_layer)
    for name, value in arguments.items():
        _set_argument(config, name.replace("_", "-"), value)
    result = procedure.run(config)
    if result.index(0) != Gimp.PDBStatusType.SUCCESS:
        message = result.index(1) if result.length() > 1 else "no message"
        raise RuntimeError(message)


def stylize_folder(in_dir, style_file, out_dir, **arguments):
    """Stylise every image of in_dir like style_file into out_dir."""
    os.makedirs(out_dir, exist_ok=True)
    style = _load(style_file)
    style_layer = style.merge_visible_layers(Gimp.MergeType.CLIP_TO_IMAGE)
    written = 0
    for name in sorted(os.listdir(in_dir)):
        path = os.path.join(in_dir, name)
        if not (os.path.isfile(path) and name.lower().endswith(IMAGE_SUFFIXES)):
            continue
        image = _load(path)
        try:
            layer = image.merge_visible_layers(Gimp.MergeType.CLIP_TO_IMAGE)
            stylize_layer(image, layer, style_layer, **arguments)
            Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image,
                           Gio.File.new_for_path(os.path.join(out_dir, name)), None)
            written += 1
            print("neural-style: %s done" % name)
        except RuntimeError as error:
            print("neural-style: %s failed: %s" % (name, error), file=sys.stderr)
        finally:
            image.delete()
    style.delete()
    return written
