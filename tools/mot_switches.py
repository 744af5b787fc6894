#!/usr/bin/python3
"""Where identities switch: for each ground-truth object of a MOTChallenge sequence, the frames where the hypothesis id
matched to it (one-to-one, greedy by IoU >= 0.5, objects less than 30 % visible ignored) changes, with how long it was
unmatched before and which other objects overlapped it then.

Usage: mot_switches.py SEQUENCE_DIR RESULTS_DIR   (SEQUENCE_DIR/gt/gt.txt; RESULTS_DIR/eval-mot-tracks.txt written by
`retinanet-edge eval mot --out RESULTS_DIR`)."""
import sys, collections
d=sys.argv[1]; o=sys.argv[2]
def load(p, gt):
    r=collections.defaultdict(list)
    for l in open(p):
        f=l.strip().split(',')
        if len(f)<6: continue
        fr,i=int(float(f[0])),int(float(f[1])); x,y,w,h=map(float,f[2:6])
        vis=float(f[8]) if gt and len(f)>8 else 1
        cls=int(f[7]) if gt and len(f)>7 else -1
        r[fr].append((i,x,y,w,h,vis,cls))
    return r
def iou(a,b):
    ax2,ay2=a[1]+a[3],a[2]+a[4]; bx2,by2=b[1]+b[3],b[2]+b[4]
    iw=max(0,min(ax2,bx2)-max(a[1],b[1])); ih=max(0,min(ay2,by2)-max(a[2],b[2]))
    i=iw*ih; return i/(a[3]*a[4]+b[3]*b[4]-i+1e-9)
gt=load(d+'/gt/gt.txt',True); hy=load(o+'/eval-mot-tracks.txt',False)
last={}; lastseen={}
for fr in sorted(gt):
    pairs=sorted(((iou(g,h),gi,hi) for gi,g in enumerate(gt[fr]) if g[5]>=0.3 for hi,h in enumerate(hy.get(fr,[]))), reverse=True)
    ug=set(); uh=set(); match={}
    for v,gi,hi in pairs:
        if v<0.5: break
        if gi in ug or hi in uh: continue
        ug.add(gi); uh.add(hi); match[gi]=hy[fr][hi]
    for gi,g in enumerate(gt[fr]):
        if gi not in match: continue
        best=match[gi]
        if g[0] in last and last[g[0]]!=best[0]:
            others=[(x[0],round(iou(g,x),2),x[6],round(x[5],2)) for x in gt[fr] if x[0]!=g[0] and iou(g,x)>0]
            print(f"frame {fr} gt {g[0]} cls {g[6]} vis {g[5]:.2f}: hyp {last[g[0]]} -> {best[0]} (gap {fr-lastseen[g[0]]}) overlapping gt {others}")
        last[g[0]]=best[0]; lastseen[g[0]]=fr
