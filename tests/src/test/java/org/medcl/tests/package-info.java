/** Integration tests on the real MSCMR volumes in ../shared/data, with a tiny network. */
package org.medcl.tests;
