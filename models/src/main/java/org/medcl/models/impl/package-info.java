/**
 * Layer machinery of the UNet: convolutions, BatchNorm with explicit moving-average updates,
 * seeded He initialisation, stateless dropout and the layer table. Not a public API.
 */
package org.medcl.models.impl;
