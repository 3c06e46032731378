/**
 * Human reports: PNG charts drawn with Java2D (line charts for training curves and resources
 * against budgets, grouped bar charts for channels per layer and predicted against measured
 * figures), JSON writing, and atomic file output.
 */
package org.tinyprune.report;
