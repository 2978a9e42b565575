; stylize.scm - neural style transfer on files, through GIMP 2.10 in batch.
;
; Load this file and call neural-style-file in the same batch command
; (Script-Fu forgets definitions between -b commands):
;
;   gimp-console-2.10 -i -b '(begin
;       (load "/usr/local/share/neural-style/examples/stylize.scm")
;       (neural-style-file "photo.png" "painting.jpg" "result.png" 50 48 512))' \
;     -b '(gimp-quit 0)'
;
; Arguments: content file, style file, output file, style strength (0..100),
; iterations per level (1..2000), working size (long side in pixels, 0 = the
; image's own).  Other plug-in arguments take their defaults; call
; plug-in-neural-style directly to set them (see README.md, "Parameters").

(define (neural-style-file content-file style-file out-file
                           strength iterations working-size)
  (let* ((content (car (gimp-file-load RUN-NONINTERACTIVE content-file content-file)))
         (style (car (gimp-file-load RUN-NONINTERACTIVE style-file style-file)))
         (layer (car (gimp-image-merge-visible-layers content CLIP-TO-IMAGE)))
         (style-layer (car (gimp-image-merge-visible-layers style CLIP-TO-IMAGE))))
    (plug-in-neural-style RUN-NONINTERACTIVE content layer style-layer
                          strength   ; style-strength
                          1.0        ; content-weight
                          50         ; smoothness
                          1.0        ; detail-size
                          working-size
                          iterations
                          0          ; preserve-colors: take the style's colours
                          0          ; seed
                          0          ; output-mode: replace
                          ""         ; model-path: search the usual places
                          0 (vector) ; more-styles: none (num, then the layer ids)
                          0 (vector) ; style-weights: equal
                          0 (vector) ; style-regions: everywhere
                          0          ; style-selection: all of the style layer
                          -1         ; init-drawable: a fresh start (the model's)
                          100)       ; result-opacity (new-layer mode)
    (gimp-file-save RUN-NONINTERACTIVE content layer out-file out-file)
    (gimp-image-delete style)
    (gimp-image-delete content)))
