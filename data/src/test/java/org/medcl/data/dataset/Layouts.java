package org.medcl.data.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.medcl.data.Geometry;
import org.medcl.data.TestVolumes;
import org.medcl.data.Volume;
import org.medcl.data.nifti.NiftiDatatype;
import org.medcl.data.nifti.NiftiWriter;

/** Builds tiny dataset folders for the dataset tests. */
final class Layouts {
  static final Geometry GEOMETRY = Geometry.ofSpacing(0.75, 0.75, 5);

  private Layouts() {
  }

  /** Writes a 4 x 3 x 2 int16 image. */
  static Path image(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    NiftiWriter.write(TestVolumes.coded(4, 3, 2, 1, GEOMETRY), file,
        NiftiWriter.Options.of(NiftiDatatype.INT16));
    return file;
  }

  /** Writes a 4 x 3 x 2 label volume with the given values repeated. */
  static Path label(Path file, int... values) throws IOException {
    Files.createDirectories(file.getParent());
    float[] d = new float[24];
    for (int i = 0; i < d.length; i++) {
      d[i] = values[i % values.length];
    }
    Volume v = Volume.builder().dims(4, 3, 2).data(d).geometry(GEOMETRY).build();
    NiftiWriter.write(v, file, NiftiWriter.Options.of(NiftiDatatype.UINT8));
    return file;
  }

  /** An MSCMR folder: train with scribbled subject2 and subject10, val with manual subject1. */
  static Path mscmr(Path root) throws IOException {
    for (String id : new String[] {"subject10", "subject2"}) {
      image(root.resolve("train/images/" + id + "_DE.nii.gz"));
      label(root.resolve("train/labels/" + id + "_DE_scribble.nii.gz"), 0, 1, 2, 3, 4);
    }
    image(root.resolve("val/images/subject1_DE.nii.gz"));
    label(root.resolve("val/labels/subject1_DE_manual.nii.gz"), 0, 1, 2, 3);
    return root;
  }

  /** An nnU-Net folder with two channels, cases heart_001 and heart_002, one test case. */
  static Path nnunet(Path root) throws IOException {
    Files.createDirectories(root);
    Files.writeString(root.resolve("dataset.json"), "{\"channel_names\": {\"0\": \"LGE\", "
        + "\"1\": \"T2\"}, \"labels\": {\"background\": 0, \"RV\": 1, \"MYO\": 2, \"LV\": 3, "
        + "\"ignore\": 4}, \"numTraining\": 2, \"file_ending\": \".nii.gz\"}");
    for (String id : new String[] {"heart_002", "heart_001"}) {
      image(root.resolve("imagesTr/" + id + "_0000.nii.gz"));
      image(root.resolve("imagesTr/" + id + "_0001.nii.gz"));
      label(root.resolve("labelsTr/" + id + ".nii.gz"), 0, 4, 1);
    }
    image(root.resolve("imagesTs/heart_100_0000.nii.gz"));
    image(root.resolve("imagesTs/heart_100_0001.nii.gz"));
    return root;
  }
}
