package io.github.trialbook.spark;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a class file refers to, read from its constant pool: class entries and the class
 * names inside descriptors and signatures. Enough to follow a notebook's classes from one to the
 * next; names that are not classes are harmless (they are looked up and not found).
 */
final class ClassRefs {
  private static final Pattern IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");
  private static final int UTF8 = 1;
  private static final int INTEGER = 3;
  private static final int FLOAT = 4;
  private static final int LONG = 5;
  private static final int DOUBLE = 6;
  private static final int CLASS = 7;
  private static final int METHOD_HANDLE = 15;

  private ClassRefs() {}

  /** Binary names (with dots) of the classes {@code classFile} refers to. */
  static Set<String> of(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    in.readInt(); // magic
    in.readInt(); // minor, major
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classIndex = new int[count];
    int classes = 0;
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case UTF8 -> utf8[i] = in.readUTF();
        case CLASS -> classIndex[classes++] = in.readUnsignedShort();
        case LONG, DOUBLE -> {
          in.readLong();
          i++; // takes two entries
        }
        case INTEGER, FLOAT -> in.readInt();
        case METHOD_HANDLE -> in.skipBytes(3);
        // String, MethodType, Module, Package: 2 bytes; refs, NameAndType, (Invoke)Dynamic: 4
        case 8, 16, 19, 20 -> in.skipBytes(2);
        case 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
        default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
      }
    }
    Set<String> names = new LinkedHashSet<>();
    for (int k = 0; k < classes; k++) {
      String name = utf8[classIndex[k]];
      if (name != null && !name.startsWith("[")) {
        names.add(name.replace('/', '.'));
      }
    }
    for (String s : utf8) {
      if (s != null && s.indexOf('L') >= 0 && (s.indexOf(';') >= 0 || s.indexOf('<') >= 0)) {
        Matcher m = IN_DESCRIPTOR.matcher(s);
        while (m.find()) {
          names.add(m.group(1).replace('/', '.'));
        }
      }
    }
    return names;
  }
}
